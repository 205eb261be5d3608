"""A fake Telegram Bot API server for tests (standard library only).

`FakeBotApi` serves the Bot API over plain HTTP on 127.0.0.1 from a daemon thread, so the real
python-telegram-bot ``Application`` can talk to it through
``ApplicationBuilder().base_url(fake.base_url).base_file_url(fake.base_file_url)``.

It records every call, queues updates for ``getUpdates`` long polling, answers with realistic
result shapes, and can inject faults (HTTP errors, dropped connections, delays, blocked or
missing chats) and Telegram's flood limits.

Typical use::

    with FakeBotApi() as fake:
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url) ... .build()
        ...
        fake.message_update("/start")
        calls = await fake.wait_for("sendMessage")
"""

from __future__ import annotations

import asyncio
import copy
import json
import math
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser
from email.utils import collapse_rfc2231_value
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

DEFAULT_TOKEN = "123456:TEST-TOKEN"
# Timed waits on threading primitives (Event.wait(t), Condition.wait(t), Thread.join(t)) never
# return under libfaketime, which the suite is run with to check it a year ahead; time.sleep
# is faked correctly, so waits with a deadline sleep in slices of this many seconds.
WAIT_SLICE = 0.005

#: Methods counted as "sends" by the flood limits and the send statistics.
SEND_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage"})
#: Methods whose parameters `FakeBotApi.sent_messages` reports.
MESSAGE_METHODS = ("sendMessage", "sendDocument", "sendPhoto")
#: Methods refused with 403 for a chat given to `FakeBotApi.block_chat`.
_BLOCKABLE_PREFIXES = ("send", "copy", "forward", "edit")

_INT_PARAMS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "message_thread_id",
        "reply_to_message_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "max_connections",
        "duration",
        "width",
        "height",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "is_personal",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "revoke_messages",
    }
)
_FLOAT_PARAMS = frozenset({"latitude", "longitude"})
#: Free-text parameters: never decoded as JSON even when they look like it.
_TEXT_PARAMS = frozenset(
    {
        "text",
        "caption",
        "query",
        "data",
        "url",
        "secret_token",
        "description",
        "short_description",
        "name",
        "title",
        "emoji",
        "explanation",
        "question",
        "next_offset",
        "file_id",
        "callback_query_id",
        "inline_query_id",
        "parse_mode",
        "action",
        "language_code",
        "inline_message_id",
        "ip_address",
    }
)

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
}
_PROXY_ERROR_PAGE = (
    "<html>\r\n<head><title>{code} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_MAX_TEXT_LENGTH = 4096


# --------------------------------------------------------------------------------------------
# Records and small value types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """A file uploaded in a multipart/form-data request."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Call:
    """One Bot API request as the fake answered it.

    ``time`` is ``time.monotonic()`` when the request arrived; ``status`` is the HTTP status
    the fake answered with (0 when the connection was dropped without an answer).
    """

    method: str
    params: dict[str, Any]
    time: float
    status: int = 200


@dataclass(frozen=True)
class _Fault:
    """One queued fault for a method."""

    kind: Literal["fail", "drop", "delay"]
    status: int = 0
    retry_after: int | None = None
    description: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class _Reply:
    """What the HTTP handler writes back (or, with ``drop``, does not)."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"
    drop: bool = False


class ApiError(Exception):
    """Raised by a method implementation to answer with a Bot API error."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


# --------------------------------------------------------------------------------------------
# Request parsing and response encoding
# --------------------------------------------------------------------------------------------


def _header(value: str) -> Message:
    """Parse one header value (e.g. a Content-Type) so its parameters can be read."""
    message = Message()
    message["x"] = value
    return message


def _header_param(message: Message, param: str, header: str) -> str | None:
    """Read a (possibly RFC 2231 encoded) parameter of a header."""
    value = message.get_param(param, header=header)
    if value is None:
        return None
    return collapse_rfc2231_value(value)


def coerce_param(name: str, value: Any) -> Any:
    """Turn one form value back into the JSON type PTB encoded it from.

    PTB sends every parameter as a string; nested values (reply_markup, entities, commands,
    results, ...) are JSON documents. Free-text parameters are left alone.
    """
    if not isinstance(value, str) or name in _TEXT_PARAMS:
        return value
    if value.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    try:
        if name in _INT_PARAMS:
            return int(value)
        if name in _FLOAT_PARAMS:
            return float(value)
    except ValueError:
        return value
    if name in _BOOL_PARAMS and value in ("true", "false"):
        return value == "true"
    return value


def parse_multipart(body: bytes, content_type: str) -> dict[str, Any]:
    """Parse a multipart/form-data body; file parts become `UploadedFile` objects."""
    boundary = _header_param(_header(content_type), "boundary", "x")
    if not boundary:
        raise ValueError("multipart body without boundary")
    fields: dict[str, Any] = {}
    for chunk in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers = HeaderParser().parsestr(head.decode("utf-8", "replace"))
        name = _header_param(headers, "name", "content-disposition")
        if name is None:
            continue
        filename = _header_param(headers, "filename", "content-disposition")
        if filename is None:
            fields[name] = content.decode("utf-8", "replace")
        else:
            fields[name] = UploadedFile(filename, content, headers.get_content_type())
    return fields


def parse_params(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    """Parse a request's parameters from its query string and body, as PTB sends them."""
    raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json" and body:
        loaded = json.loads(body)
        if isinstance(loaded, dict):
            raw.update(loaded)
    elif media_type == "multipart/form-data":
        raw.update(parse_multipart(body, content_type))
    elif body:
        raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return {name: coerce_param(name, value) for name, value in raw.items()}


def _json_reply(status: int, payload: Mapping[str, Any]) -> _Reply:
    return _Reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def _ok(result: Any) -> _Reply:
    return _json_reply(200, {"ok": True, "result": result})


def _error_reply(status: int, description: str | None, retry_after: int | None) -> _Reply:
    """An error answer like Telegram's (or, for 502-504, like the reverse proxy in front)."""
    if status in (502, 503, 504):
        phrase = HTTPStatus(status).phrase
        page = _PROXY_ERROR_PAGE.format(code=status, phrase=phrase)
        return _Reply(status, page.encode(), "text/html")
    payload: dict[str, Any] = {"ok": False, "error_code": status}
    if status == 429:
        retry_after = max(1, retry_after or 1)
        payload["description"] = description or f"Too Many Requests: retry after {retry_after}"
        payload["parameters"] = {"retry_after": retry_after}
    else:
        payload["description"] = description or _DEFAULT_DESCRIPTIONS.get(status, _phrase(status))
        if retry_after is not None:
            payload["parameters"] = {"retry_after": retry_after}
    return _json_reply(status, payload)


def _phrase(status: int) -> str:
    """The standard reason phrase of an HTTP status ("" when unknown)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _chat_key(chat_id: Any) -> int | str:
    """Normalise a chat id (int or numeric string) for comparisons."""
    if isinstance(chat_id, str):
        try:
            return int(chat_id)
        except ValueError:
            return chat_id
    return chat_id


def chat_type_for(chat_id: int | str) -> str:
    """Guess a chat's type from its id: positive ids are users, ``-100…`` supergroups."""
    key = _chat_key(chat_id)
    if isinstance(key, str):
        return "channel"
    if key > 0:
        return "private"
    return "supergroup" if str(key).startswith("-100") else "group"


# --------------------------------------------------------------------------------------------
# Flood limits
# --------------------------------------------------------------------------------------------


class _SlidingWindow:
    """Allows ``rate`` events per second, counted over a window of at least one second."""

    def __init__(self, rate: float) -> None:
        self.window = max(1.0, 1.0 / rate)
        self.capacity = max(1, round(rate * self.window))
        self._events: deque[float] = deque()

    def retry_after(self, now: float) -> int | None:
        """Whole seconds until another event fits, or None when one fits now."""
        while self._events and self._events[0] <= now - self.window:
            self._events.popleft()
        if len(self._events) < self.capacity:
            return None
        return max(1, math.ceil(self._events[0] + self.window - now))

    def add(self, now: float) -> None:
        self._events.append(now)


class _FloodLimits:
    """Telegram's flood limits: a global rate and a per-chat rate for sends."""

    def __init__(self, global_per_second: float, per_chat_per_second: float) -> None:
        self._global = _SlidingWindow(global_per_second)
        self._per_chat_rate = per_chat_per_second
        self._chats: dict[int | str, _SlidingWindow] = {}

    def admit(self, chat: int | str, now: float) -> int | None:
        """Count a send to ``chat``; returns a retry_after when the send must be refused."""
        window = self._chats.setdefault(chat, _SlidingWindow(self._per_chat_rate))
        waits = [w for w in (window.retry_after(now), self._global.retry_after(now)) if w]
        if waits:
            return max(waits)
        window.add(now)
        self._global.add(now)
        return None


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    """The HTTP server; knows its `FakeBotApi` and ignores clients that went away."""

    daemon_threads = True
    block_on_close = True

    def __init__(self, fake: FakeBotApi) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", fake.requested_port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that hung up (e.g. a cancelled long poll)."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, lets the fake answer it and writes the answer."""

    protocol_version = "HTTP/1.0"
    timeout = 5
    server: _Server

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _dispatch(self) -> None:
        body = self._read_body()
        reply = self.server.fake._serve(self.path, self.headers.get("Content-Type", ""), body)
        self.close_connection = True
        if reply.drop:
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)


# --------------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------------


class FakeBotApi:
    """A fake Telegram Bot API server on 127.0.0.1 (see the module docstring)."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "policybot_test_bot",
        long_poll_cap: float = 3.0,
        port: int = 0,
    ) -> None:
        self.token = token
        #: The port `start` binds; 0 picks a free one (a fixed one lets a test start it late).
        self.requested_port = port
        self.bot_username = bot_username
        self.long_poll_cap = long_poll_cap
        bot_id = token.split(":", 1)[0]
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id) if bot_id.isdigit() else 123456,
            "is_bot": True,
            "first_name": "PolicyBot Test",
            "username": bot_username,
        }
        self._lock = threading.RLock()
        self._updates_changed = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods = self._method_table()
        self._reset_state()

    def _reset_state(self) -> None:
        """Initialise every piece of recorded and simulated state."""
        self._calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._highest_pushed_id = 0
        self._messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self._next_message_id: dict[int | str, int] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._files: dict[str, tuple[bytes, str]] = {}
        self._serial = 0
        self._faults: dict[str, deque[_Fault]] = {}
        self._blocked: set[int | str] = set()
        self._missing: set[int | str] = set()
        self._limits: _FloodLimits | None = None
        self._stats: dict[str, Any] = {"sent": 0, "rejected_429": 0, "per_chat": {}}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None}

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeBotApi:
        """Bind 127.0.0.1 on a free port and serve from a daemon thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="FakeBotApi",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake blocked long polls and delays, stop serving and close the socket."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._stopping.set()
        with self._updates_changed:
            self._updates_changed.notify_all()
        server.shutdown()
        server.server_close()
        join_within(thread, 5)
        self._server = self._thread = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The port the server listens on (after `start`)."""
        if self._server is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url`` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url`` (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- recorded calls ------------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every call answered so far, in order."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """The calls to one method, in order."""
        return [call for call in self.calls if call.method == method]

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Parameters of successful sendMessage/sendDocument/sendPhoto calls, in order."""
        wanted = None if chat_id is None else _chat_key(chat_id)
        return [
            call.params
            for call in self.calls
            if call.method in MESSAGE_METHODS
            and call.status == 200
            and (wanted is None or _chat_key(call.params.get("chat_id")) == wanted)
        ]

    def reset_calls(self) -> None:
        """Forget the recorded calls (state such as messages and updates stays)."""
        with self._lock:
            self._calls.clear()

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        predicate: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Wait until ``count`` calls to ``method`` (matching ``predicate``) were answered.

        Returns all matching calls; raises AssertionError listing recent calls on timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            found = self._matching(method, predicate)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_message(method, count, timeout, found))
            await asyncio.sleep(0.01)

    def wait_for_sync(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        predicate: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Blocking twin of `wait_for` for synchronous tests."""
        deadline = time.monotonic() + timeout
        while True:
            found = self._matching(method, predicate)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_message(method, count, timeout, found))
            time.sleep(0.01)

    def _matching(self, method: str, predicate: Callable[[Call], bool] | None) -> list[Call]:
        return [c for c in self.calls_to(method) if predicate is None or predicate(c)]

    def _timeout_message(self, method: str, count: int, timeout: float, found: list) -> str:
        recent = self.calls[-15:]
        lines = [f"  {c.method} -> {c.status} {_short(c.params)}" for c in recent] or [
            "  (no calls at all)"
        ]
        return (
            f"timed out after {timeout}s waiting for {count} call(s) to {method!r}; "
            f"{len(found)} matched. Recent calls:\n" + "\n".join(lines)
        )

    # -- fault injection -----------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls to ``method`` (``"*"``: any) with an HTTP error.

        429 answers carry ``parameters.retry_after`` (default 1); 502-504 answer with an HTML
        page like a reverse proxy; others with Telegram's JSON error shape.
        """
        self._queue_fault(method, _Fault("fail", status, retry_after, description), times)

    def drop_next(self, method: str, times: int = 1) -> None:
        """Close the connection of the next ``times`` calls to ``method`` without answering."""
        self._queue_fault(method, _Fault("drop"), times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Delay the answer to the next ``times`` calls to ``method`` by ``seconds``."""
        self._queue_fault(method, _Fault("delay", seconds=seconds), times)

    def clear_faults(self) -> None:
        """Forget all queued faults."""
        with self._lock:
            self._faults.clear()

    def block_chat(self, chat_id: int | str) -> None:
        """Answer every send/edit to ``chat_id`` with 403 "bot was blocked by the user"."""
        with self._lock:
            self._blocked.add(_chat_key(chat_id))

    def unblock_chat(self, chat_id: int | str) -> None:
        """Undo `block_chat`."""
        with self._lock:
            self._blocked.discard(_chat_key(chat_id))

    def missing_chat(self, chat_id: int | str) -> None:
        """Answer every call naming ``chat_id`` with 400 "chat not found"."""
        with self._lock:
            self._missing.add(_chat_key(chat_id))

    def enforce_limits(
        self, global_per_second: float = 30, per_chat_per_second: float = 1.0
    ) -> None:
        """Refuse sends beyond Telegram's flood limits with 429 and a retry_after."""
        with self._lock:
            self._limits = _FloodLimits(global_per_second, per_chat_per_second)

    def disable_limits(self) -> None:
        """Stop enforcing flood limits."""
        with self._lock:
            self._limits = None

    @property
    def stats(self) -> dict[str, Any]:
        """Send counters: ``{"sent", "rejected_429", "per_chat": {chat: {...}}}``."""
        with self._lock:
            return copy.deepcopy(self._stats)

    def _queue_fault(self, method: str, fault: _Fault, times: int) -> None:
        with self._lock:
            self._faults.setdefault(method.lower(), deque()).extend([fault] * times)

    def _next_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for key in (method.lower(), "*"):
                queue = self._faults.get(key)
                if queue:
                    return queue.popleft()
        return None

    # -- other state ---------------------------------------------------------------------------

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._lock:
            return list(self._updates)

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        """The current state of a message the fake knows (sent, received or edited)."""
        with self._lock:
            found = self._messages.get((_chat_key(chat_id), message_id))
            return copy.deepcopy(found)

    def my_commands(
        self, language_code: str = "", scope: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Commands stored by setMyCommands for a scope and language."""
        with self._lock:
            return list(self._commands.get(_commands_key(scope, language_code), []))

    def add_file(self, file_id: str, content: bytes, file_path: str | None = None) -> None:
        """Make ``file_id`` known to getFile and downloadable from the file URL."""
        with self._lock:
            self._files[file_id] = (content, file_path or f"files/{file_id}")

    # -- serving -------------------------------------------------------------------------------

    def _serve(self, raw_path: str, content_type: str, body: bytes) -> _Reply:
        """Answer one HTTP request (runs on a server thread)."""
        url = urlsplit(raw_path)
        path = unquote(url.path)
        if path.startswith("/file/bot"):
            return self._serve_file(path.removeprefix("/file/bot"))
        if not path.startswith("/bot"):
            return _json_reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        token, _, method = path.removeprefix("/bot").partition("/")
        if not method or "/" in method:
            return _json_reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        arrived = time.monotonic()
        try:
            params = parse_params(url.query, body, content_type)
        except ValueError:
            params = {}
        name, reply = self._answer(token, method, params)
        with self._lock:
            self._calls.append(Call(name, params, arrived, 0 if reply.drop else reply.status))
        return reply

    def _serve_file(self, rest: str) -> _Reply:
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return _error_reply(401, None, None)
        with self._lock:
            for content, path in self._files.values():
                if path == file_path:
                    return _Reply(200, content, "application/octet-stream")
        return _json_reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def _answer(self, token: str, method: str, params: dict[str, Any]) -> tuple[str, _Reply]:
        """Apply auth, faults, chat states and flood limits, then run the method."""
        entry = self._methods.get(method.lower())
        name = entry[0] if entry else method
        if token != self.token:
            return name, _error_reply(401, None, None)
        if entry is None:
            return name, _error_reply(404, "Not Found: method not found", None)
        fault = self._next_fault(name)
        if fault is not None and fault.kind == "delay":
            sleep_until(time.monotonic() + fault.seconds, self._stopping.is_set)
        elif fault is not None and fault.kind == "drop":
            return name, _Reply(0, drop=True)
        elif fault is not None:
            reply = _error_reply(fault.status, fault.description, fault.retry_after)
            self._count_send(name, params, reply.status)
            return name, reply
        try:
            self._check_chat(name, params)
            self._check_limits(name, params)
            reply = _ok(entry[1](params))
        except ApiError as error:
            reply = _error_reply(error.status, error.description, error.retry_after)
        self._count_send(name, params, reply.status)
        return name, reply

    def _check_chat(self, method: str, params: dict[str, Any]) -> None:
        if "chat_id" not in params:
            return
        chat = _chat_key(params["chat_id"])
        with self._lock:
            if chat in self._missing:
                raise ApiError(400, "Bad Request: chat not found")
            if chat in self._blocked and method.startswith(_BLOCKABLE_PREFIXES):
                raise ApiError(403, "Forbidden: bot was blocked by the user")

    def _check_limits(self, method: str, params: dict[str, Any]) -> None:
        with self._lock:
            if self._limits is None or method not in SEND_METHODS:
                return
            wait = self._limits.admit(_chat_key(params.get("chat_id")), time.monotonic())
        if wait is not None:
            raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)

    def _count_send(self, method: str, params: dict[str, Any], status: int) -> None:
        if method not in SEND_METHODS or status not in (200, 429):
            return
        key = "sent" if status == 200 else "rejected_429"
        with self._lock:
            chat = _chat_key(params.get("chat_id"))
            per_chat = self._stats["per_chat"].setdefault(chat, {"sent": 0, "rejected_429": 0})
            per_chat[key] += 1
            self._stats[key] += 1

    # -- method implementations ----------------------------------------------------------------

    def _method_table(self) -> dict[str, tuple[str, Callable[[dict[str, Any]], Any]]]:
        methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "copyMessage": self._copy_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "answerCallbackQuery": _returns_true,
            "answerInlineQuery": _returns_true,
            "sendChatAction": _returns_true,
            "close": _returns_true,
            "logOut": _returns_true,
        }
        return {name.lower(): (name, func) for name, func in methods.items()}

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling: confirm by offset, then wait (capped) for updates to arrive."""
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(max(float(params.get("timeout") or 0), 0.0), self.long_poll_cap)
        deadline = time.monotonic() + timeout
        with self._updates_changed:
            if self.webhook["url"]:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            self._confirm(offset)
            while not self._updates and not self._stopping.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._lock.release()  # let message_update() add updates meanwhile
                try:
                    time.sleep(min(remaining, WAIT_SLICE))
                finally:
                    self._lock.acquire()
            return copy.deepcopy(self._updates[:limit])

    def _confirm(self, offset: int) -> None:
        """Forget updates confirmed by ``offset`` (negative: keep only the last -offset)."""
        if offset < 0:
            del self._updates[: max(0, len(self._updates) + offset)]
        elif offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        with self._lock:
            self.webhook = {"url": "", "secret_token": None}
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith(("https://", "http://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        with self._lock:
            self.webhook = {
                "url": params["url"],
                "secret_token": params.get("secret_token"),
                "allowed_updates": params.get("allowed_updates"),
                "max_connections": params.get("max_connections", 40),
            }
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            info = {
                "url": self.webhook["url"],
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self.webhook["url"]:
                info["max_connections"] = self.webhook.get("max_connections", 40)
            return info

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        key = _commands_key(params.get("scope"), params.get("language_code", ""))
        with self._lock:
            self._commands[key] = list(params.get("commands") or [])
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.my_commands(params.get("language_code", ""), params.get("scope"))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        key = _commands_key(params.get("scope"), params.get("language_code", ""))
        with self._lock:
            self._commands.pop(key, None)
        return True

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > _MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        return self._bot_message(params, {"text": text})

    def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        document = params.get("document")
        if document is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        if isinstance(document, UploadedFile):
            file_id = self._register_file("DOC", document.content, document.filename)
            shape = {
                "file_id": file_id,
                "file_unique_id": f"U{file_id}",
                "file_name": document.filename,
                "mime_type": document.content_type,
                "file_size": len(document.content),
            }
        else:
            shape = {"file_id": str(document), "file_unique_id": f"U{document}"}
        return self._bot_message(params, {"document": shape, **_caption(params)})

    def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        photo = params.get("photo")
        if photo is None:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        content = photo.content if isinstance(photo, UploadedFile) else b""
        sizes = self._photo_sizes(content)
        return self._bot_message(params, {"photo": sizes, **_caption(params)})

    def _copy_message(self, params: dict[str, Any]) -> dict[str, Any]:
        source = self.message(params.get("from_chat_id", 0), int(params.get("message_id", 0)))
        if source is None:
            raise ApiError(400, "Bad Request: message to copy not found")
        content = {k: v for k, v in source.items() if k in ("text", "document", "photo")}
        copied = self._bot_message(params, content)
        return {"message_id": copied["message_id"]}

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text = str(params.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        return self._edit(params, {"text": text})

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        return self._edit(params, {})

    def _edit(self, params: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any] | bool:
        """Apply an edit to a stored message (unknown messages are created on the fly).

        Like Telegram, an edit without reply_markup removes the message's inline keyboard.
        """
        if params.get("inline_message_id"):
            return True
        chat = _chat_key(params.get("chat_id"))
        message_id = int(params.get("message_id") or 0)
        markup = _inline_markup(params.get("reply_markup"))
        with self._lock:
            message = self._messages.get((chat, message_id))
            if message is None:
                message = self._new_message(chat, self.bot_user, {"text": ""}, message_id)
            updated = {**message, **changes}
            updated.pop("reply_markup", None)
            if markup is not None:
                updated["reply_markup"] = markup
            if _same_content(message, updated):
                raise ApiError(400, _NOT_MODIFIED)
            updated["edit_date"] = int(time.time())
            self._messages[(chat, message_id)] = updated
            return copy.deepcopy(updated)

    def _delete_message(self, params: dict[str, Any]) -> bool:
        key = (_chat_key(params.get("chat_id")), int(params.get("message_id") or 0))
        with self._lock:
            self._messages.pop(key, None)
        return True

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id", ""))
        with self._lock:
            if file_id not in self._files:
                raise ApiError(400, "Bad Request: invalid file_id")
            content, path = self._files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "file_size": len(content),
            "file_path": path,
        }

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(_chat_key(params.get("chat_id")))
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                **dict.fromkeys(gifts, False),
                "gifts_from_channels": False,
            },
        }

    # -- message and chat shapes ---------------------------------------------------------------

    def _chat(self, chat_id: int | str, chat_type: str | None = None) -> dict[str, Any]:
        """A Chat object for ``chat_id``, using what the fake knows about the user."""
        if isinstance(chat_id, str):
            username = chat_id.lstrip("@")
            return {
                "id": -1000000000001,
                "type": "channel",
                "title": username,
                "username": username,
            }
        chat_type = chat_type or chat_type_for(chat_id)
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            user = self._users.get(chat_id, {})
            chat["first_name"] = user.get("first_name", "User")
            if user.get("username"):
                chat["username"] = user["username"]
        else:
            chat["title"] = "Test Group"
        return chat

    def _new_message(
        self,
        chat_id: int | str,
        sender: dict[str, Any],
        content: dict[str, Any],
        message_id: int | None = None,
        chat_type: str | None = None,
    ) -> dict[str, Any]:
        """Create, store and return a message in ``chat_id``."""
        chat = _chat_key(chat_id)
        with self._lock:
            if message_id is None:
                message_id = self._next_message_id.get(chat, 1)
            self._next_message_id[chat] = max(self._next_message_id.get(chat, 1), message_id + 1)
            message = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(chat, chat_type),
                "from": dict(sender),
                **content,
            }
            self._messages[(chat, message_id)] = message
            return copy.deepcopy(message)

    def _bot_message(self, params: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        """Store and return a message the bot sends, echoing markup and replies."""
        if "chat_id" not in params:
            raise ApiError(400, "Bad Request: chat_id is empty")
        chat = _chat_key(params["chat_id"])
        extra: dict[str, Any] = {}
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            extra["reply_markup"] = markup
        reply_id = params.get("reply_to_message_id") or (
            (params.get("reply_parameters") or {}).get("message_id")
        )
        if reply_id:
            replied = self.message(chat, int(reply_id))
            if replied is not None:
                extra["reply_to_message"] = replied
        return self._new_message(chat, self.bot_user, {**content, **extra})

    def _register_file(self, prefix: str, content: bytes, name: str = "") -> str:
        """Store file content under a fresh file_id and return that id."""
        file_id = f"{prefix}-{self._next_serial()}"
        suffix = f"_{name}" if name else ""
        self.add_file(file_id, content, f"{prefix.lower()}s/{file_id}{suffix}")
        return file_id

    def _photo_sizes(self, content: bytes) -> list[dict[str, Any]]:
        """PhotoSize objects for a photo; the largest holds ``content``."""
        sizes = []
        for side in (90, 320, 1280):
            file_id = self._register_file("PHOTO", content)
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": f"U{file_id}",
                    "width": side,
                    "height": side,
                    "file_size": len(content),
                }
            )
        return sizes

    def _next_serial(self) -> int:
        with self._lock:
            self._serial += 1
            return self._serial

    # -- update injection ----------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates and return its update_id.

        A missing (or stale, i.e. not increasing) update_id is replaced by the next one.
        """
        with self._updates_changed:
            update_id = update.get("update_id")
            if not isinstance(update_id, int) or update_id <= self._highest_pushed_id:
                update_id = max(self._next_update_id, self._highest_pushed_id + 1)
                update["update_id"] = update_id
            self._highest_pushed_id = update_id
            self._next_update_id = max(self._next_update_id, update_id + 1)
            self._updates.append(update)
            self._updates_changed.notify_all()
            return update_id

    def _emit(self, kind: str, payload: dict[str, Any], push: bool) -> dict[str, Any]:
        """Wrap ``payload`` in an update with a fresh update_id; push it unless told not to."""
        with self._lock:
            update = {"update_id": self._next_update_id, kind: payload}
            self._next_update_id += 1
        if push:
            self.push_update(update)
        return update

    def user(
        self,
        user_id: int = 1001,
        *,
        first_name: str = "Budi",
        language_code: str | None = "id",
        username: str | None = None,
    ) -> dict[str, Any]:
        """A User object (also remembered for the private chat's Chat object)."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        with self._lock:
            self._users[user_id] = user
        return dict(user)

    def _incoming(
        self,
        content: dict[str, Any],
        *,
        user_id: int,
        chat_id: int | None,
        first_name: str,
        language_code: str | None,
        chat_type: str | None,
        username: str | None,
        reply_to: int | dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A message sent by a user, stored so edits and replies can refer to it."""
        sender = self.user(
            user_id, first_name=first_name, language_code=language_code, username=username
        )
        chat = user_id if chat_id is None else chat_id
        if reply_to is not None:
            content = {**content, "reply_to_message": self._reply_target(chat, reply_to)}
        return self._new_message(chat, sender, content, chat_type=chat_type)

    def _reply_target(self, chat_id: int, reply_to: int | dict[str, Any]) -> dict[str, Any]:
        if isinstance(reply_to, dict):
            return reply_to
        found = self.message(chat_id, reply_to)
        if found is not None:
            return found
        return self._new_message(chat_id, self.bot_user, {"text": "…"}, reply_to)

    def message_update(
        self,
        text: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        chat_type: str | None = None,
        username: str | None = None,
        entities: list[dict[str, Any]] | None = None,
        reply_to: int | dict[str, Any] | None = None,
        push: bool = True,
    ) -> dict[str, Any]:
        """A text message update; text starting with "/" gets a bot_command entity.

        ``chat_id`` defaults to ``user_id``; ``chat_type`` is derived from the chat id's sign.
        ``reply_to`` is a message_id in the chat (or a message dict) to reply to.
        """
        if entities is None and text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        message = self._incoming(
            content,
            user_id=user_id,
            chat_id=chat_id,
            first_name=first_name,
            language_code=language_code,
            chat_type=chat_type,
            username=username,
            reply_to=reply_to,
        )
        return self._emit("message", message, push)

    def edited_message_update(
        self,
        text: str,
        *,
        message_id: int | None = None,
        user_id: int = 1001,
        chat_id: int | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        push: bool = True,
    ) -> dict[str, Any]:
        """An edited_message update; edits the user's latest message unless given an id."""
        chat = user_id if chat_id is None else chat_id
        with self._lock:
            if message_id is None:
                mine = [
                    key[1]
                    for key, msg in self._messages.items()
                    if key[0] == chat and msg["from"]["id"] == user_id
                ]
                message_id = max(mine, default=None)
            original = self._messages.get((chat, message_id)) if message_id else None
        if original is None:
            original = self._incoming(
                {"text": text},
                user_id=user_id,
                chat_id=chat_id,
                first_name=first_name,
                language_code=language_code,
                chat_type=None,
                username=None,
            )
        edited = {**copy.deepcopy(original), "text": text, "edit_date": int(time.time())}
        with self._lock:
            self._messages[(chat, edited["message_id"])] = edited
        return self._emit("edited_message", edited, push)

    def callback_update(
        self,
        data: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        message_id: int | None = None,
        message_text: str = "…",
        reply_markup: dict[str, Any] | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        push: bool = True,
    ) -> dict[str, Any]:
        """A callback_query update from a button on a message the bot sent.

        An existing message ``message_id`` in the chat is used as is; otherwise a bot message
        with ``message_text`` (and ``reply_markup``) is created under that id.
        """
        sender = self.user(user_id, first_name=first_name, language_code=language_code)
        chat = user_id if chat_id is None else chat_id
        message = self.message(chat, message_id) if message_id is not None else None
        if message is None:
            content: dict[str, Any] = {"text": message_text}
            if reply_markup is not None:
                content["reply_markup"] = reply_markup
            message = self._new_message(chat, self.bot_user, content, message_id)
        query = {
            "id": str(10_000 + self._next_serial()),
            "from": sender,
            "chat_instance": f"instance-{chat}",
            "message": message,
            "data": data,
        }
        return self._emit("callback_query", query, push)

    def inline_update(
        self,
        query: str,
        *,
        user_id: int = 1001,
        first_name: str = "Budi",
        language_code: str | None = "id",
        offset: str = "",
        push: bool = True,
    ) -> dict[str, Any]:
        """An inline_query update."""
        inline = {
            "id": str(20_000 + self._next_serial()),
            "from": self.user(user_id, first_name=first_name, language_code=language_code),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        return self._emit("inline_query", inline, push)

    def my_chat_member_update(
        self,
        user_id: int = 1001,
        *,
        chat_id: int | None = None,
        old_status: str = "member",
        new_status: str = "kicked",
        first_name: str = "Budi",
        push: bool = True,
    ) -> dict[str, Any]:
        """A my_chat_member update: ``user_id`` changed the bot's status (default: blocked)."""
        chat = user_id if chat_id is None else chat_id
        sender = self.user(user_id, first_name=first_name)
        change = {
            "chat": self._chat(chat),
            "from": sender,
            "date": int(time.time()),
            "old_chat_member": _chat_member(old_status, self.bot_user),
            "new_chat_member": _chat_member(new_status, self.bot_user),
        }
        return self._emit("my_chat_member", change, push)

    def sticker_update(
        self,
        emoji: str = "👍",
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        push: bool = True,
    ) -> dict[str, Any]:
        """A message update carrying a regular sticker."""
        file_id = self._register_file("STICKER", b"RIFF-webp")
        sticker = {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._media_update(
            {"sticker": sticker}, user_id, chat_id, first_name, language_code, push
        )

    def photo_update(
        self,
        caption: str | None = None,
        *,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        user_id: int = 1001,
        chat_id: int | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        push: bool = True,
    ) -> dict[str, Any]:
        """A message update carrying a photo (downloadable through getFile)."""
        payload: dict[str, Any] = {"photo": self._photo_sizes(content)}
        if caption is not None:
            payload["caption"] = caption
        return self._media_update(payload, user_id, chat_id, first_name, language_code, push)

    def location_update(
        self,
        latitude: float = -6.2,
        longitude: float = 106.8,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        push: bool = True,
    ) -> dict[str, Any]:
        """A message update carrying a location (default: Jakarta)."""
        payload = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._media_update(payload, user_id, chat_id, first_name, language_code, push)

    def voice_update(
        self,
        duration: int = 3,
        *,
        content: bytes = b"OggS-fake-voice",
        user_id: int = 1001,
        chat_id: int | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        push: bool = True,
    ) -> dict[str, Any]:
        """A message update carrying a voice note."""
        file_id = self._register_file("VOICE", content)
        voice = {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return self._media_update(
            {"voice": voice}, user_id, chat_id, first_name, language_code, push
        )

    def document_update(
        self,
        file_name: str = "surat.pdf",
        *,
        content: bytes = b"%PDF-1.4 fake",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        user_id: int = 1001,
        chat_id: int | None = None,
        first_name: str = "Budi",
        language_code: str | None = "id",
        push: bool = True,
    ) -> dict[str, Any]:
        """A message update carrying a document (downloadable through getFile)."""
        file_id = self._register_file("DOC", content, file_name)
        payload: dict[str, Any] = {
            "document": {
                "file_id": file_id,
                "file_unique_id": f"U{file_id}",
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(content),
            }
        }
        if caption is not None:
            payload["caption"] = caption
        return self._media_update(payload, user_id, chat_id, first_name, language_code, push)

    def _media_update(
        self,
        content: dict[str, Any],
        user_id: int,
        chat_id: int | None,
        first_name: str,
        language_code: str | None,
        push: bool,
    ) -> dict[str, Any]:
        message = self._incoming(
            content,
            user_id=user_id,
            chat_id=chat_id,
            first_name=first_name,
            language_code=language_code,
            chat_type=None,
            username=None,
        )
        return self._emit("message", message, push)

    # -- webhook -------------------------------------------------------------------------------

    async def post_update_to_webhook(
        self,
        url: str | None,
        update: Mapping[str, Any],
        secret_token: str | None = None,
    ) -> int:
        """POST ``update`` to ``url`` (None: the URL given to setWebhook); returns the status.

        The secret token defaults to the one given to setWebhook.
        """
        target = url or self.webhook["url"]
        if not target:
            raise AssertionError("no webhook URL: call setWebhook first or pass url=")
        secret = secret_token if secret_token is not None else self.webhook.get("secret_token")
        return await post_update_to_webhook(target, update, secret)


async def post_update_to_webhook(
    url: str, update: Mapping[str, Any], secret_token: str | None = None
) -> int:
    """POST an update as JSON to a bot's webhook server and return the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret_token:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        response = await client.post(url, content=json.dumps(update), headers=headers)
        return response.status_code


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _returns_true(params: dict[str, Any]) -> bool:
    return True


def _caption(params: dict[str, Any]) -> dict[str, Any]:
    return {"caption": params["caption"]} if params.get("caption") else {}


def _inline_markup(markup: Any) -> dict[str, Any] | None:
    """Telegram echoes only inline keyboards in Message.reply_markup."""
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def _same_content(old: dict[str, Any], new: dict[str, Any]) -> bool:
    fields = ("text", "caption", "reply_markup")
    return all(old.get(name) == new.get(name) for name in fields)


def _commands_key(scope: Mapping[str, Any] | None, language_code: str | None) -> tuple[str, str]:
    scope = scope or {"type": "default"}
    return json.dumps(scope, sort_keys=True), language_code or ""


_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)
_MEMBER_RIGHTS = (
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_send_messages",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_manage_topics",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_edit_tag",
    "can_react_to_messages",
)


def _chat_member(status: str, user: dict[str, Any]) -> dict[str, Any]:
    """A ChatMember object with the fields PTB requires for ``status``."""
    member: dict[str, Any] = {"status": status, "user": dict(user)}
    if status == "kicked":
        member["until_date"] = 0
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(dict.fromkeys(_ADMIN_RIGHTS, True), can_be_edited=False, is_anonymous=False)
    elif status == "restricted":
        member.update(dict.fromkeys(_MEMBER_RIGHTS, False), is_member=True, until_date=0)
    return member


def _short(params: dict[str, Any], limit: int = 120) -> str:
    text = repr(params)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sleep_until(deadline: float, done: Callable[[], bool] = lambda: False) -> None:
    """Sleep until a monotonic deadline or until `done()` holds (see WAIT_SLICE)."""
    while not done() and time.monotonic() < deadline:
        time.sleep(min(WAIT_SLICE, max(0.0, deadline - time.monotonic())))


def join_within(thread: threading.Thread, seconds: float) -> None:
    """Wait at most `seconds` for a thread to end (see WAIT_SLICE)."""
    sleep_until(time.monotonic() + seconds, lambda: not thread.is_alive())
