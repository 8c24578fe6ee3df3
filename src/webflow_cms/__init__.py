"""Async Python SDK for the Webflow CMS Items API."""
