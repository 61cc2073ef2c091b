"""The web-server configuration the intranet serves the built site with (nginx), made
from the templates in deploy/nginx/ and the built site itself.

The Content-Security-Policy allows inline scripts only by hash, and the hashes are taken
from the built pages (Material writes a small inline script whose text depends on the
page's depth), so the policy stays right when pages or templates change: generate the
configuration after every build.

    python -m handbook.webserver SITE OUT [--path /p/] [--root /srv/p] [--listen 127.0.0.1:8118]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT / "deploy" / "nginx"
MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULE = MODULES / "ngx_http_brotli_filter_module.so"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/bin/nginx")
# Script types a browser runs; anything else (Material's JSON config) is data, outside the CSP.
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}
# What the configuration may contain in a path or folder name without quoting trouble.
_SAFE = re.compile(r"^[A-Za-z0-9._~/@+%:=,-]*$")
COMPRESSED_TYPES = (
    "text/css text/javascript application/json application/xml text/plain image/svg+xml text/turtle text/csv"
)


class ConfigError(ValueError):
    """A parameter the configuration cannot hold; the message says how to fix it."""


@dataclass
class InlineCode:
    """What a page runs or styles from its own text rather than from a file."""

    scripts: list[str] = field(default_factory=list)  # <script> without src, of a type that runs
    styles: list[str] = field(default_factory=list)  # <style> elements
    style_attributes: list[str] = field(default_factory=list)  # style="..." values


class _InlineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found = InlineCode()
        self._into: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.found.style_attributes.append(values["style"])
        self._into = None
        if tag == "script":
            runs = values.get("type", "").strip().lower() in _RUN_TYPES
            self._into = self.found.scripts if runs and "src" not in values else None
        elif tag == "style":
            self._into = self.found.styles
        self._text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.found.style_attributes.append(values["style"])

    def handle_data(self, data: str) -> None:
        if self._into is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._into is not None:
            self._into.append("".join(self._text))
            self._into = None


def inline_code(html: str) -> InlineCode:
    parser = _InlineParser()
    parser.feed(html)
    parser.close()
    return parser.found


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run in `html`."""
    return inline_code(html).scripts


def script_hash(text: str) -> str:
    """The CSP hash source of an inline script, style element or style attribute."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def site_inline_code(site: Path) -> InlineCode:
    """The distinct inline scripts and styles of all the built site's pages."""
    scripts: set[str] = set()
    styles: set[str] = set()
    attributes: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        found = inline_code(page.read_text("utf-8"))
        scripts.update(found.scripts)
        styles.update(found.styles)
        attributes.update(found.style_attributes)
    return InlineCode(sorted(scripts), sorted(styles), sorted(attributes))


def content_security_policy(code: InlineCode) -> str:
    """Only this origin; inline scripts (and styles, should a page get any) by hash;
    'wasm-unsafe-eval' because Pagefind compiles its search engine from WebAssembly (no
    eval of strings is allowed)."""
    script = ["'self'", "'wasm-unsafe-eval'", *sorted({script_hash(s) for s in code.scripts})]
    style = ["'self'", *sorted({script_hash(s) for s in code.styles})]
    if code.style_attributes:  # style="..." can be allowed by hash only with 'unsafe-hashes'
        style += ["'unsafe-hashes'", *sorted({script_hash(s) for s in code.style_attributes})]
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {' '.join(script)}",
            f"style-src {' '.join(style)}",
            # Material's icons are data: SVGs in its stylesheet.
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def site_path(mkdocs_yml: Path = PROJECT / "mkdocs.yml") -> str:
    """The path part of site_url: the site is served below it."""
    text = mkdocs_yml.read_text("utf-8") if mkdocs_yml.is_file() else ""
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    path = urlsplit(match.group(1)).path if match else "/"
    return path if path.endswith("/") else path + "/"


def other_languages(site: Path) -> list[str]:
    """The languages with their own folder and 404 page (hooks/pages.py writes them)."""
    codes = sorted(p.parent.name for p in site.glob("*/404.html"))
    for code in codes:
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", code):
            raise ConfigError(
                f"{site / code / '404.html'}: {code!r} is not a language code; remove that folder."
            )
    return codes


def brotli_available() -> bool:
    return BROTLI_MODULE.is_file()


def find_nginx() -> str | None:
    for candidate in NGINX_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("nginx")


@dataclass(frozen=True)
class Config:
    path: str  # the URL path the site is served under, "/" or "/a/b/"
    root: str  # the folder the built site is copied to on the server
    csp: str
    languages: tuple[str, ...]  # the non-default languages, each with <code>/404.html
    brotli: bool


def make_config(
    site: Path, *, path: str | None = None, root: str | None = None, brotli: bool | None = None
) -> Config:
    if not (site / "404.html").is_file():
        raise ConfigError(
            f"{site}: no 404.html here; build the site first (./dev build) and name its folder."
        )
    path = path if path is not None else site_path()
    if not path.startswith("/"):
        path = "/" + path
    if not path.endswith("/"):
        path += "/"
    root = (root if root is not None else str(site.resolve())).rstrip("/") or "/"
    for label, value in (("path", path), ("root folder", root)):
        if not _SAFE.match(value) or "//" in value or "/../" in value + "/":
            raise ConfigError(
                f"the {label} {value!r} has characters the configuration cannot hold safely; "
                "use letters, digits and - _ . / only."
            )
    return Config(
        path=path,
        root=root,
        csp=content_security_policy(site_inline_code(site)),
        languages=tuple(other_languages(site)),
        brotli=brotli_available() if brotli is None else brotli,
    )


def _fill(template: str, values: dict[str, str]) -> str:
    text = re.sub(r"@([A-Z_]+)@", lambda m: values[m.group(1)], template)
    return text


def render(config: Config) -> dict[str, str]:
    """The two files the web server includes: handbook-http.conf (in http { }) and
    handbook-location.conf (in server { })."""
    path_re = re.escape(config.path)
    not_found = "".join(
        f'    "~^{path_re}{lang}/" {config.path}{lang}/404.html;\n' for lang in config.languages
    )
    brotli = (
        "    brotli on;\n    brotli_comp_level 5;\n    brotli_min_length 256;\n"
        f"    brotli_types {COMPRESSED_TYPES};\n"
        if config.brotli
        else "    # brotli: not on this server (Debian: apt-get install libnginx-mod-http-brotli-filter)\n"
    )
    redirect = (
        f"location = {config.path.rstrip('/')} {{ absolute_redirect off; return 301 {config.path}; }}"
        if config.path != "/"
        else ""
    )
    values = {
        "PATH": config.path,
        "PATH_RE": path_re,
        "ROOT": config.root.rstrip("/"),
        "NOT_FOUND_MAP": not_found,
        "BROTLI": brotli,
        "CSP": config.csp,
        "PATH_REDIRECT": redirect,
    }
    return {
        name: _fill((TEMPLATES / f"{name}.in").read_text("utf-8"), values)
        for name in ("handbook-http.conf", "handbook-location.conf")
    }


def write_config(config: Config, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render(config).items():
        (out / name).write_text(text, "utf-8")
        written.append(out / name)
    return written


def write_standalone(config: Config, work: Path, listen: str) -> Path:
    """A complete nginx.conf in `work` serving the site on `listen` (host:port), with
    the two parts beside it; run it with `nginx -p WORK -c WORK/nginx.conf -e stderr`."""
    if not re.fullmatch(r"[0-9.]+:[0-9]{1,5}|\[[0-9a-f:]+\]:[0-9]{1,5}", listen):
        raise ConfigError(f"listen {listen!r}: give an address and a port, e.g. 127.0.0.1:8118.")
    work = work.resolve()
    if not _SAFE.match(str(work)):
        raise ConfigError(f"the folder {work} has characters the configuration cannot hold safely.")
    write_config(config, work)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    modules = f'load_module "{BROTLI_MODULE}";\n' if config.brotli else ""
    # Run as root (CI, containers), nginx's workers would switch to "nobody", who may not
    # read a build folder of mode 700 (pytest's): they keep the starting user instead.
    user = "user root;\n" if os.geteuid() == 0 else ""
    root_redirect = (
        f"        location = / {{ absolute_redirect off; return 302 {config.path}; }}\n"
        if config.path != "/"
        else ""
    )
    text = _fill(
        (TEMPLATES / "standalone.conf.in").read_text("utf-8"),
        {
            "LOAD_MODULES": modules,
            "USER": user,
            "WORK": str(work),
            "LISTEN": listen,
            "ROOT_REDIRECT": root_redirect,
        },
    )
    (work / "nginx.conf").write_text(text, "utf-8")
    return work / "nginx.conf"


def nginx_command(nginx: str, conf: Path) -> list[str]:
    return [nginx, "-p", str(conf.parent), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"]


def check(nginx: str, conf: Path) -> str | None:
    """nginx's own test of the configuration: None when it is valid, else its message."""
    done = subprocess.run([*nginx_command(nginx, conf)[:-2], "-t", "-q"], capture_output=True, text=True)
    return None if done.returncode == 0 else (done.stderr or done.stdout).strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(config: Config, work: Path, port: int | None = None, nginx: str | None = None) -> Iterator[str]:
    """nginx serving the site with the repository's configuration on 127.0.0.1 (a free
    port unless given), in the foreground of a child process; yields the site's URL."""
    nginx = nginx or find_nginx()
    if nginx is None:
        raise ConfigError("nginx is not installed (Debian: apt-get install nginx)")
    port = port or free_port()
    conf = write_standalone(config, work, f"127.0.0.1:{port}")
    log = (work / "nginx.log").open("w")
    process = subprocess.Popen(nginx_command(nginx, conf), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}{config.path}"
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                raise ConfigError(f"nginx stopped: {(work / 'nginx.log').read_text('utf-8')[-800:]}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise ConfigError(f"nginx did not answer at {url} within 10 s") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbook.webserver",
        description="Write the nginx configuration for a built site (after every build: "
        "the Content-Security-Policy holds the hashes of the built pages' inline scripts).",
    )
    parser.add_argument("site", type=Path, help="the built site (./dev build writes site/)")
    parser.add_argument("out", type=Path, help="folder for handbook-http.conf and handbook-location.conf")
    parser.add_argument(
        "--path", help="URL path the site is served under (default: site_url's path in mkdocs.yml)"
    )
    parser.add_argument("--root", help="folder the site is copied to on the server (default: SITE itself)")
    parser.add_argument(
        "--brotli",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="compress with brotli too (default: if this machine's nginx has the module)",
    )
    parser.add_argument(
        "--standalone",
        metavar="HOST:PORT",
        help="also write OUT/nginx.conf, a whole configuration serving the site there",
    )
    args = parser.parse_args(argv)
    try:
        config = make_config(args.site, path=args.path, root=args.root, brotli=args.brotli)
        if args.standalone:
            conf = write_standalone(config, args.out, args.standalone)
            print(conf)
        else:
            for file in write_config(config, args.out):
                print(file)
    except (ConfigError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
