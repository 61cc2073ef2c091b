"""A minimal Language Server Protocol client over stdio: enough to drive
yaml-language-server (the engine of VS Code's YAML extension) as an editor does: open a
file, read the diagnostics it underlines, ask for completion."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

SETTINGS = {
    "yaml": {
        "validate": True,
        "completion": True,
        "hover": True,
        "schemaStore": {"enable": False},  # offline: only the files' own $schema lines
        "schemas": {},
    }
}


class LanguageServer:
    def __init__(self, command: list[str], root: Path) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0
        self.responses: dict[int, Any] = {}
        self.diagnostics: dict[str, list[dict]] = {}
        self.published: queue.Queue[str] = queue.Queue()
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(stream.read(length))
            if "id" in message and "method" in message:  # a request from the server
                self._answer(message)
            elif "id" in message:
                with self.lock:
                    self.responses[message["id"]] = message
                    self.lock.notify_all()
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                with self.lock:
                    self.diagnostics[params["uri"]] = params["diagnostics"]
                self.published.put(params["uri"])

    def _answer(self, message: dict) -> None:
        if message["method"] == "workspace/configuration":
            result: Any = [SETTINGS.get(item.get("section", ""), {}) for item in message["params"]["items"]]
        else:  # client/registerCapability, window/workDoneProgress/create, ...
            result = None
        self._send({"id": message["id"], "result": result})

    def request(self, method: str, params: dict, timeout: float = 60) -> Any:
        self.next_id += 1
        number = self.next_id
        self._send({"id": number, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self.lock:
            while number not in self.responses:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no answer to {method}")
                self.lock.wait(left)
            response = self.responses.pop(number)
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return response.get("result")

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.resolve().as_uri()
        with self.lock:
            self.diagnostics.pop(uri, None)
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": path.read_text("utf-8") if text is None else text,
                }
            },
        )
        return uri

    def diagnostics_of(self, uri: str, timeout: float = 30, settle: float = 1.0) -> list[dict]:
        """The diagnostics of `uri` once the server has published them and said nothing
        new for `settle` seconds (it publishes again when a schema has loaded)."""
        deadline = time.monotonic() + timeout
        last_change = None
        while time.monotonic() < deadline:
            try:
                published = self.published.get(timeout=0.2)
                if published == uri:
                    last_change = time.monotonic()
            except queue.Empty:
                pass
            if last_change is not None and time.monotonic() - last_change >= settle:
                break
        with self.lock:
            if uri not in self.diagnostics:
                raise TimeoutError(f"no diagnostics for {uri}")
            return self.diagnostics[uri]

    def diagnostics_of_all(
        self, uris: list[str], timeout: float = 120, settle: float = 1.5
    ) -> dict[str, list[dict]]:
        """Like diagnostics_of, for many files opened together."""
        deadline = time.monotonic() + timeout
        waiting, last_change = set(uris), time.monotonic()
        while time.monotonic() < deadline and (waiting or time.monotonic() - last_change < settle):
            try:
                published = self.published.get(timeout=0.2)
                waiting.discard(published)
                last_change = time.monotonic()
            except queue.Empty:
                pass
        if waiting:
            raise TimeoutError(f"no diagnostics for {sorted(waiting)[:3]}")
        with self.lock:
            return {uri: self.diagnostics[uri] for uri in uris}

    def completion(self, uri: str, line: int, character: int) -> list[str]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        return [item["label"] for item in items]

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except (TimeoutError, RuntimeError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
