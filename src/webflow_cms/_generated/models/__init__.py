"""Contains all the data models used in inputs/outputs"""

from .collection import Collection
from .collection_item import CollectionItem
from .collection_item_batch import CollectionItemBatch
from .collection_item_list import CollectionItemList
from .collection_item_patch import CollectionItemPatch
from .collection_item_update import CollectionItemUpdate
from .collection_item_update_batch import CollectionItemUpdateBatch
from .collection_list import CollectionList
from .collection_summary import CollectionSummary
from .custom_domain import CustomDomain
from .custom_domain_list import CustomDomainList
from .error import Error
from .error_code import ErrorCode
from .error_details_item_type_1 import ErrorDetailsItemType1
from .field import Field
from .field_data import FieldData
from .field_data_update import FieldDataUpdate
from .field_option import FieldOption
from .field_update import FieldUpdate
from .field_validations import FieldValidations
from .insert_items import InsertItems
from .item_ids import ItemIds
from .item_reference import ItemReference
from .item_references import ItemReferences
from .multi_locale_collection_item import MultiLocaleCollectionItem
from .new_collection import NewCollection
from .new_collection_item import NewCollectionItem
from .new_collection_item_batch import NewCollectionItemBatch
from .new_field_option import NewFieldOption
from .new_insert_item import NewInsertItem
from .new_multi_locale_item import NewMultiLocaleItem
from .new_option_field import NewOptionField
from .new_option_field_metadata import NewOptionFieldMetadata
from .new_reference_field import NewReferenceField
from .new_static_field import NewStaticField
from .new_webhook import NewWebhook
from .option_field import OptionField
from .option_field_metadata import OptionFieldMetadata
from .option_field_type import OptionFieldType
from .pagination import Pagination
from .publish_result import PublishResult
from .reference_field import ReferenceField
from .reference_field_metadata import ReferenceFieldMetadata
from .reference_field_type import ReferenceFieldType
from .site import Site
from .site_data_collection_type import SiteDataCollectionType
from .site_list import SiteList
from .site_locale import SiteLocale
from .site_locales import SiteLocales
from .site_publish import SitePublish
from .site_publish_result import SitePublishResult
from .site_publish_result_publish_scope import SitePublishResultPublishScope
from .sort_by import SortBy
from .sort_order import SortOrder
from .static_field import StaticField
from .static_field_type import StaticFieldType
from .webhook import Webhook
from .webhook_filter import WebhookFilter
from .webhook_list import WebhookList
from .webhook_trigger_type import WebhookTriggerType

__all__ = (
    "Collection",
    "CollectionItem",
    "CollectionItemBatch",
    "CollectionItemList",
    "CollectionItemPatch",
    "CollectionItemUpdate",
    "CollectionItemUpdateBatch",
    "CollectionList",
    "CollectionSummary",
    "CustomDomain",
    "CustomDomainList",
    "Error",
    "ErrorCode",
    "ErrorDetailsItemType1",
    "Field",
    "FieldData",
    "FieldDataUpdate",
    "FieldOption",
    "FieldUpdate",
    "FieldValidations",
    "InsertItems",
    "ItemIds",
    "ItemReference",
    "ItemReferences",
    "MultiLocaleCollectionItem",
    "NewCollection",
    "NewCollectionItem",
    "NewCollectionItemBatch",
    "NewFieldOption",
    "NewInsertItem",
    "NewMultiLocaleItem",
    "NewOptionField",
    "NewOptionFieldMetadata",
    "NewReferenceField",
    "NewStaticField",
    "NewWebhook",
    "OptionField",
    "OptionFieldMetadata",
    "OptionFieldType",
    "Pagination",
    "PublishResult",
    "ReferenceField",
    "ReferenceFieldMetadata",
    "ReferenceFieldType",
    "Site",
    "SiteDataCollectionType",
    "SiteList",
    "SiteLocale",
    "SiteLocales",
    "SitePublish",
    "SitePublishResult",
    "SitePublishResultPublishScope",
    "SortBy",
    "SortOrder",
    "StaticField",
    "StaticFieldType",
    "Webhook",
    "WebhookFilter",
    "WebhookList",
    "WebhookTriggerType",
)
