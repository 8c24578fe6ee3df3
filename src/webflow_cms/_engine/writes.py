"""Updates, deletes, unpublishes and publishes of many items, each input accounted for.

Each write goes out in batches (``_batching``). When a batch's fate is
unknown after the transport's retries, its items are read back: a change
that is on the server succeeds, one that is not fails with the request's
error, and one that cannot be read is ``unknown``. A delete or unpublish is
judged per request, which is all or nothing: an item still there proves the
request was not applied, so the ids it could not find fail as not found and,
when a retry was refused by a 404, the items still there are sent again.
Creates, which a re-send could duplicate, are in ``_creates``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from .._http import endpoints
from .._http.session import Session
from ..errors import APIError, NotFoundError, WebflowError
from ..ids import is_webflow_id
from ..models import Item
from ..results import Action
from .batching import AMBIGUOUS, AppliedBefore, OnAmbiguous, Send, as_error, blame, send_batches
from .reads import ItemReader
from .tasks import run_all
from .tracker import Tracker

__all__ = ["ItemWriter", "held_as_sent", "same_fields", "same_flags"]


def same_fields(wanted: Mapping[str, Any], item: Item) -> bool:
    """Every field value asked for is the item's."""
    current = item.fields
    return all(current.get(k) == v for k, v in wanted.items())


def _name_key(url: str) -> str:
    """A file's name from a URL's last path segment, letters and digits only, lowercase: how it is compared."""
    return "".join(c for c in urlsplit(url).path.rpartition("/")[2].lower() if c.isalnum())


def _holds_file(sent: Any, held: Any) -> bool:
    """Whether ``held`` is a file value Webflow stored for ``sent`` (a URL, or ``{url|fileId, alt}``).

    Webflow fetches a file given by URL and keeps its own copy, ``{"fileId", "url"}``, whose URL ends in
    ``<fileId>_<the file's name>`` (upstream's item examples): the copy is matched by that name, a file
    given by id by its id, and ``alt`` when one was sent.
    """
    if not (isinstance(held, Mapping) and is_webflow_id(held.get("fileId")) and isinstance(held.get("url"), str)):
        return False
    if isinstance(sent, Mapping):
        if "alt" in sent and sent["alt"] != held.get("alt"):
            return False
        if sent.get("fileId") is not None:
            return bool(sent["fileId"] == held["fileId"])
        sent = sent.get("url")
    if not isinstance(sent, str):
        return False
    wanted = _name_key(sent)
    return bool(wanted) and _name_key(held["url"]).removeprefix(held["fileId"]) == wanted


def held_as_sent(sent: Any, held: Any) -> bool:
    """Whether the server holds what was sent: equal, or a file as Webflow stores one (lists item by item)."""
    if sent == held or _holds_file(sent, held):
        return True
    if isinstance(sent, list) and isinstance(held, list) and len(sent) == len(held):
        return all(map(held_as_sent, sent, held))
    return False


def same_flags(wanted: Mapping[str, Any], item: Item) -> bool:
    """The ``isDraft`` / ``isArchived`` asked for are the item's (a flag not named counts as met)."""
    return all(
        wanted[key] is (value is True)
        for key, value in (("isDraft", item.is_draft), ("isArchived", item.is_archived))
        if key in wanted
    )


def _named_locales(ref: Mapping[str, Any]) -> list[str | None]:
    """The locales a delete/publish reference names (None: the primary locale)."""
    locales = ref.get("cmsLocaleIds")
    return list(locales) if isinstance(locales, list) and locales else [None]


#: Where a removal stands after a read-back (``ItemWriter._probe_removal``); gone is the read-back's 404.
_Found = str | NotFoundError
_TO_DO, _DONE, _UNKNOWN = "to do", "done", "unknown"


def _judge_removals(
    tracker: Tracker,
    refs: Mapping[int, Mapping[str, Any]],
    unsure: Mapping[int, Exception],
    sent: Mapping[int, tuple[int, ...]],
    found: Mapping[int, _Found],
    *,
    live: bool,
) -> list[int]:
    """Settle the removals whose fate was unknown from what the read-back found; return those to send again.

    A bulk remove is all or nothing (a request naming an unknown id removes nothing, as the emulator
    models Webflow), so a request was not applied when one of its items is still to do, or (unpublish,
    which keeps staged copies) one of them does not exist; an input left out of the request that failed
    (its batch was being split) was not applied either. There, a gone item never existed and fails with
    its 404; elsewhere it counts as removed (that request may have removed it). In a request that was
    not applied and whose retry a 404 refused, the items the 404 names fail with it and the items still
    to do go out again, when that settles at least one item (named or gone); otherwise they fail with
    the request's error.
    """
    action: Action = "unpublished" if live else "deleted"

    def judge(request: tuple[int, ...]) -> tuple[bool, dict[int, APIError], bool]:
        """Whether the request was not applied, the items its 404 names, and whether to send the rest again."""
        exc = unsure[request[0]]
        gone = any(isinstance(found[j], NotFoundError) for j in request)
        refuted = (live and gone) or any(found[j] == _TO_DO for j in request)
        named: dict[int, APIError] = {}
        if refuted and isinstance(exc, AppliedBefore):
            named = {request[pos]: err for pos, err in blame(exc.error, [refs[j]["id"] for j in request]).items()}
        return refuted, named, isinstance(exc, AppliedBefore) and bool(named or gone)

    judged = {request: judge(request) for request in set(sent.values())}
    again: list[int] = []
    for index, exc in unsure.items():
        request = sent.get(index)
        refuted, named, resend = (True, {}, False) if request is None else judged[request]
        state = found[index]
        if index in named:
            tracker.fail(index, named[index])
        elif state == _UNKNOWN:
            tracker.mark_unknown(index)
        elif isinstance(state, NotFoundError):
            if refuted:
                tracker.fail(index, state)
            else:
                tracker.succeed(index, action, None, refs[index]["id"])
        elif state == _DONE:
            tracker.succeed(index, action, None, refs[index]["id"])
        elif resend:
            again.append(index)
        else:
            tracker.fail(index, as_error(exc))
    return again


class ItemWriter:
    """Bulk writes to one collection other than creates."""

    def __init__(self, session: Session, reader: ItemReader) -> None:
        self._session = session
        self._reader = reader
        self.collection_id = reader.collection_id

    async def send_batches(
        self,
        tracker: Tracker,
        payloads: Mapping[int, Mapping[str, Any]],
        send: Send,
        on_ambiguous: OnAmbiguous,
        *,
        group: Callable[[int], object] | None = None,
    ) -> None:
        """``_batching.send_batches`` with this client's concurrency."""
        await send_batches(
            self._reader,
            tracker,
            payloads,
            send,
            on_ambiguous,
            concurrency=self._session.max_concurrency,
            group=group,
        )

    async def each(self, check: Callable[[int], Awaitable[None]], indices: Iterable[int]) -> None:
        """Run ``check`` for every index, as many at once as the client allows."""
        await run_all([partial(check, i) for i in indices], self._session.max_concurrency)

    # -- update

    async def update(self, tracker: Tracker, payloads: Mapping[int, dict[str, Any]], *, live: bool) -> None:
        unsure: dict[int, Exception] = {}

        async def send(batch: list[int]) -> None:
            request = endpoints.update_items(self.collection_id, [payloads[i] for i in batch], live=live)
            data = await self._session.send_json(request)
            returned: dict[tuple[str, str | None], Item] = {}
            for entry in data.get("items", []) if isinstance(data, dict) else []:
                changed = Item.from_wire(entry)
                returned[(changed.id, changed.cms_locale_id or None)] = changed
                returned.setdefault((changed.id, None), changed)
            for index in batch:
                payload = payloads[index]
                locale = payload.get("cmsLocaleId")
                item = returned.get((payload["id"], locale)) or returned.get((payload["id"], None))
                tracker.succeed(index, "updated", item, payload["id"])

        await self.send_batches(tracker, payloads, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))
        if unsure:
            await self._verify_updates(tracker, {i: payloads[i] for i in unsure}, unsure, live=live)

    async def _verify_updates(
        self,
        tracker: Tracker,
        payloads: Mapping[int, Mapping[str, Any]],
        errors: Mapping[int, Exception],
        *,
        live: bool,
    ) -> None:
        """After retries ran out, read the items back: applied changes succeed, others fail."""

        async def check(index: int) -> None:
            payload = payloads[index]
            try:
                item = await self._reader.get(payload["id"], live=live, cms_locale_id=payload.get("cmsLocaleId"))
            except AMBIGUOUS:
                tracker.mark_unknown(index)
                return
            except NotFoundError as err:
                tracker.fail(index, err)
                return
            fields = item.fields
            wanted = payload.get("fieldData", {})
            if all(held_as_sent(v, fields.get(k)) for k, v in wanted.items()) and same_flags(payload, item):
                tracker.succeed(index, "updated", item, item.id)
            else:
                tracker.fail(index, as_error(errors[index]))

        await self.each(check, payloads)

    # -- delete / unpublish

    async def remove(self, tracker: Tracker, refs: Mapping[int, dict[str, Any]], *, live: bool) -> None:
        """Delete the items (``live=False``) or take them off the live site (``live=True``).

        Items read back as still to do after a retry refused by a 404 go out again, in rounds,
        without the items that 404 named (see ``_judge_removals``); each round settles at least
        one input for good, so the rounds end.
        """
        again = await self._remove_round(tracker, refs, refs, live=live)  # refs fills up as it is sent
        while again:
            again = await self._remove_round(tracker, refs, {i: refs[i] for i in again}, live=live)

    async def _remove_round(
        self, tracker: Tracker, refs: Mapping[int, dict[str, Any]], pending: Mapping[int, dict[str, Any]], *, live: bool
    ) -> list[int]:
        """Send the pending removals once; read back those whose fate is unknown; return those to send again."""
        unsure: dict[int, Exception] = {}
        sent: dict[int, tuple[int, ...]] = {}  # each unsure input's request, when it was in the one that failed

        async def send(batch: list[int]) -> None:
            request = endpoints.remove_items(self.collection_id, [refs[i] for i in batch], live=live)
            try:
                try:
                    await self._session.send(request)
                except NotFoundError as err:
                    if err.attempts > 1:
                        # An earlier attempt may have been applied before its answer was lost: read back below.
                        raise AppliedBefore(err) from None
                    raise
            except AMBIGUOUS:
                sent.update(dict.fromkeys(batch, tuple(batch)))
                raise
            for index in batch:
                tracker.succeed(index, "unpublished" if live else "deleted", None, refs[index]["id"])

        await self.send_batches(tracker, pending, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))
        found: dict[int, _Found] = {}

        async def probe(index: int) -> None:
            found[index] = await self._probe_removal(refs[index], live=live)

        await self.each(probe, unsure)
        return _judge_removals(tracker, refs, unsure, sent, found, live=live)

    async def _probe_removal(self, ref: Mapping[str, Any], *, live: bool) -> _Found:
        """Where the removal of one reference stands, from its named locale variants.

        To do: a variant is left (for an unpublish: live, or staged but not a draft, as an
        unpublish makes it one). Done (unpublish only): no variant live, a staged one a draft.
        Gone: no staged variant, with the read-back's 404. Unknown: the read-back got no answer.
        """
        item_id, done, missing = ref["id"], False, None
        try:
            for locale in _named_locales(ref):
                if live:
                    try:
                        await self._reader.get(item_id, live=True, cms_locale_id=locale)
                        return _TO_DO
                    except NotFoundError:
                        pass
                try:
                    staged = await self._reader.get(item_id, cms_locale_id=locale)
                except NotFoundError as err:
                    missing = err
                    continue
                if not (live and staged.is_draft):
                    return _TO_DO
                done = True
        except AMBIGUOUS:
            return _UNKNOWN
        if done:
            return _DONE
        assert missing is not None  # every named variant was read, and each answered 404
        return missing

    # -- publish

    async def publish(self, tracker: Tracker, refs: Mapping[int, dict[str, Any]]) -> None:
        """Publish the staged copies; Webflow's 202 names the ids it published and errors for the rest."""

        async def send(batch: list[int]) -> None:
            data = await self._session.send_json(endpoints.publish_items(self.collection_id, [refs[i] for i in batch]))
            published = set(data.get("publishedItemIds") or []) if isinstance(data, dict) else set()
            errors = [str(e) for e in (data.get("errors") or [])] if isinstance(data, dict) else []
            for index in batch:
                item_id = refs[index]["id"]
                if item_id in published:
                    tracker.succeed(index, "published", None, item_id)
                    continue
                reasons = [e for e in errors if item_id in e] or errors[:1]
                message = "; ".join(reasons) or f"item {item_id} was not in publishedItemIds"
                tracker.fail(index, APIError(message, status=202, code="not_published"))

        unsure: dict[int, Exception] = {}
        await self.send_batches(tracker, refs, send, lambda batch, exc: unsure.update(dict.fromkeys(batch, exc)))

        async def check(index: int) -> None:
            """Published means the live copy of every named locale now holds the staged one."""
            item_id = refs[index]["id"]
            try:
                for locale in _named_locales(refs[index]):
                    staged = await self._reader.get(item_id, cms_locale_id=locale)
                    try:
                        live = await self._reader.get(item_id, live=True, cms_locale_id=locale)
                    except NotFoundError:
                        live = None
                    if live is None or live.fields != staged.fields:
                        tracker.fail(index, as_error(unsure[index]))
                        return
            except NotFoundError as err:  # no staged copy: nothing was there to publish
                tracker.fail(index, err)
                return
            except AMBIGUOUS:
                tracker.mark_unknown(index)
                return
            tracker.succeed(index, "published", None, item_id)

        await self.each(check, unsure)

    async def publish_into(self, tracker: Tracker, refs: Mapping[int, dict[str, Any]]) -> None:
        """Publish for another job: inputs already settled (updated) keep their record unless publishing fails."""
        publisher = Tracker(tracker.inputs, None)
        await self.publish(publisher, refs)
        for outcome in publisher.result.succeeded:
            tracker.succeed(outcome.index, "published", None, outcome.id)
        for failure in publisher.result.failed:
            if tracker.is_done(failure.index):
                tracker.reopen(failure.index)
                failure_error: WebflowError = APIError(
                    f"updated, but not published: {failure.error}", status=None, code="not_published"
                )
            else:
                failure_error = failure.error
            tracker.fail(failure.index, failure_error)
        for index in publisher.result.unknown:
            if not tracker.is_done(index):
                tracker.mark_unknown(index)
        tracker.report()
