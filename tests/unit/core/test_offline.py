"""The app checks nothing online: no module of ``walletcare`` imports a network client (the bundle's smoke
test, ``make test-dist``, also checks with strace that no socket but AF_UNIX is ever opened)."""

from __future__ import annotations

import ast
from pathlib import Path

import walletcare

NETWORK_MODULES = {"socket", "ssl", "urllib.request", "http.client", "http.server", "requests", "aiohttp", "httpx",
                   "urllib3", "ftplib", "smtplib", "xmlrpc.client", "websocket", "websockets"}


def network_imports(source: str) -> list[str]:
    """Network modules imported by ``source`` (``import x``, ``from x import y``, ``from urllib import request``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [n for n in names if n in NETWORK_MODULES or n.split(".")[0] in NETWORK_MODULES - {"http"}]
    return found


def test_the_check_sees_network_imports() -> None:
    assert network_imports("import socket\nfrom urllib import request\nfrom http.client import HTTPConnection\n") == [
        "socket", "urllib.request", "http.client"]
    assert network_imports("import urllib.parse\nfrom http import HTTPStatus\n") == []


def test_no_module_imports_a_network_client() -> None:
    package = Path(walletcare.__file__).parent
    offenders = {str(path.relative_to(package)): found for path in sorted(package.rglob("*.py"))
                 if (found := network_imports(path.read_text(encoding="utf-8")))}
    assert offenders == {}
