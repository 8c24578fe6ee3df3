"""The sites and webhooks parts: the four site operations the SDK uses, and the webhook operations.

The sites file holds more than the CMS needs; only the operations in ``SitesPart.kept`` are taken
(a vanished one is drift). The webhooks file is taken whole; its list shares ``Pagination`` with
the items file rather than defining a second copy, which the check here makes sure still fits.
"""

from __future__ import annotations

from .cleanup import array_of, expect_props, list_of, prop_names, ref, request_view
from .common import Schema
from .part import Part

SITES = "/sites"
SITE = "/sites/{site_id}"
CUSTOM_DOMAINS = SITE + "/custom_domains"
SITE_PUBLISH = SITE + "/publish"
WEBHOOKS = "/sites/{site_id}/webhooks"
WEBHOOK = "/webhooks/{webhook_id}"

_SITE_PROPS = {
    "id",
    "workspaceId",
    "createdOn",
    "displayName",
    "shortName",
    "lastPublished",
    "lastUpdated",
    "previewUrl",
    "timeZone",
    "parentFolderId",
    "customDomains",
    "locales",
    "dataCollectionEnabled",
    "dataCollectionType",
}
_LOCALE_PROPS = {"id", "cmsLocaleId", "enabled", "displayName", "displayImageId", "redirect", "subdirectory", "tag"}
_WEBHOOK_PROPS = {"id", "triggerType", "url", "workspaceId", "siteId", "filter", "lastTriggered", "createdOn"}


class SitesPart(Part):
    """List sites, get one, its custom domains, and publish it; nothing else of the sites file."""

    key = "sites"
    kept = ("list-sites", "get-site", "get-custom-domains", "site-publish")

    def build_schemas(self) -> None:
        s = self.schemas
        where = f"paths.{SITES}.get.responses.200"
        listing = self.response(SITES, "get", "200")
        expect_props(where, listing, {"sites"})
        site = listing["properties"]["sites"]["items"]
        expect_props(f"{where}.sites[]", site, _SITE_PROPS)
        domain = site["properties"]["customDomains"]["items"]
        expect_props(f"{where}.sites[].customDomains[]", domain, {"id", "url", "lastPublished"})
        s["CustomDomain"] = domain
        locales = site["properties"]["locales"]
        expect_props(f"{where}.sites[].locales", locales, {"primary", "secondary"})
        primary = locales["properties"]["primary"]
        expect_props(f"{where}.sites[].locales.primary", primary, _LOCALE_PROPS)
        expect_props(f"{where}.sites[].locales.secondary[]", locales["properties"]["secondary"]["items"], _LOCALE_PROPS)
        s["SiteLocale"] = primary
        s["SiteLocales"] = {
            "type": "object",
            "properties": {"primary": ref("SiteLocale"), "secondary": array_of("SiteLocale")},
        }
        site["properties"]["customDomains"] = array_of("CustomDomain")
        site["properties"]["locales"] = ref("SiteLocales")
        # A site that was never published has ``lastPublished: null``, as an item has.
        site["properties"]["lastPublished"]["type"] = ["string", "null"]
        s["Site"] = site
        s["SiteList"] = list_of("sites", "Site")
        s["CustomDomainList"] = list_of("customDomains", "CustomDomain")

        where = f"paths.{SITE_PUBLISH}.post"
        publish = request_view(self.body(SITE_PUBLISH, "post"))
        expect_props(f"{where}.requestBody", publish, {"customDomains", "publishToWebflowSubdomain", "pageId"})
        s["SitePublish"] = publish
        result = self.response(SITE_PUBLISH, "post", "202")
        expect_props(f"{where}.responses.202", result, {"customDomains", "publishToWebflowSubdomain", "publishScope"})
        result["properties"]["customDomains"] = array_of("CustomDomain")
        s["SitePublishResult"] = result

    def successes(self) -> dict[tuple[str, str], Schema]:
        return {
            (SITES, "get"): ref("SiteList"),
            (SITE, "get"): ref("Site"),
            (CUSTOM_DOMAINS, "get"): ref("CustomDomainList"),
            (SITE_PUBLISH, "post"): ref("SitePublishResult"),
        }

    def bodies(self) -> dict[tuple[str, str], Schema]:
        return {(SITE_PUBLISH, "post"): ref("SitePublish")}


class WebhooksPart(Part):
    """Every operation of the webhooks file: list, create, get and delete webhooks."""

    key = "webhooks"

    def build_schemas(self) -> None:
        s = self.schemas
        where = f"paths.{WEBHOOKS}.get.responses.200"
        listing = self.response(WEBHOOKS, "get", "200")
        expect_props(where, listing, {"webhooks", "pagination"})
        # Same properties as the items file's Pagination: that one is shared, not a second copy.
        expect_props(f"{where}.pagination", listing["properties"]["pagination"], prop_names(self.shared["Pagination"]))
        hook = listing["properties"]["webhooks"]["items"]
        expect_props(f"{where}.webhooks[]", hook, _WEBHOOK_PROPS)
        s["WebhookTriggerType"] = hook["properties"]["triggerType"]
        s["WebhookFilter"] = hook["properties"]["filter"]
        expect_props(f"{where}.webhooks[].filter", s["WebhookFilter"], {"name"})
        hook["properties"]["triggerType"] = ref("WebhookTriggerType")
        # Upstream's examples answer ``filter: null`` for a webhook without one.
        hook["properties"]["filter"] = {"oneOf": [ref("WebhookFilter"), {"type": "null"}]}
        # A webhook never triggered: the official SDK types ``last_triggered`` as optional.
        hook["properties"]["lastTriggered"]["type"] = ["string", "null"]
        s["Webhook"] = hook
        # Not required: upstream's list example has no ``pagination``.
        s["WebhookList"] = {
            "type": "object",
            "required": ["webhooks"],
            "properties": {"webhooks": array_of("Webhook"), "pagination": ref("Pagination")},
        }
        new = request_view(self.body(WEBHOOKS, "post"))
        expect_props(f"paths.{WEBHOOKS}.post.requestBody", new, {"triggerType", "url", "filter"})
        new["properties"]["triggerType"] = ref("WebhookTriggerType")
        new["properties"]["filter"] = ref("WebhookFilter")
        s["NewWebhook"] = new

    def successes(self) -> dict[tuple[str, str], Schema]:
        return {
            (WEBHOOKS, "get"): ref("WebhookList"),
            (WEBHOOKS, "post"): ref("Webhook"),
            (WEBHOOK, "get"): ref("Webhook"),
        }

    def bodies(self) -> dict[tuple[str, str], Schema]:
        return {(WEBHOOKS, "post"): ref("NewWebhook")}
