"""Contains all the data models used in inputs/outputs"""

from .collection_item import CollectionItem
from .collection_item_batch import CollectionItemBatch
from .collection_item_list import CollectionItemList
from .collection_item_patch import CollectionItemPatch
from .collection_item_update import CollectionItemUpdate
from .collection_item_update_batch import CollectionItemUpdateBatch
from .error import Error
from .error_code import ErrorCode
from .error_details_item_type_1 import ErrorDetailsItemType1
from .field_data import FieldData
from .field_data_update import FieldDataUpdate
from .item_ids import ItemIds
from .item_reference import ItemReference
from .item_references import ItemReferences
from .multi_locale_collection_item import MultiLocaleCollectionItem
from .new_collection_item import NewCollectionItem
from .new_collection_item_batch import NewCollectionItemBatch
from .new_multi_locale_item import NewMultiLocaleItem
from .pagination import Pagination
from .publish_result import PublishResult
from .sort_by import SortBy
from .sort_order import SortOrder

__all__ = (
    "CollectionItem",
    "CollectionItemBatch",
    "CollectionItemList",
    "CollectionItemPatch",
    "CollectionItemUpdate",
    "CollectionItemUpdateBatch",
    "Error",
    "ErrorCode",
    "ErrorDetailsItemType1",
    "FieldData",
    "FieldDataUpdate",
    "ItemIds",
    "ItemReference",
    "ItemReferences",
    "MultiLocaleCollectionItem",
    "NewCollectionItem",
    "NewCollectionItemBatch",
    "NewMultiLocaleItem",
    "Pagination",
    "PublishResult",
    "SortBy",
    "SortOrder",
)
