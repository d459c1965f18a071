"""scripts/qgisroot.sh: which certificates a root trusts besides its system store (TLS proxies).

`qgisroot.sh <gen> --ca-into DIR` writes into DIR what the root gets before apt and pip run there
(no root, no chroot needed): one file per certificate of the bundles named by PIP_CERT /
REQUESTS_CA_BUNDLE and of the host's additions (CITYHEALTH_LOCAL_CA_DIR, default
/usr/local/share/ca-certificates) under /usr/local/share/ca-certificates/cityhealth-host/ (for
update-ca-certificates), the same appended to the host's store in /etc/ssl/cityhealth-host-ca.pem,
and apt's Acquire::https::CAInfo pointing at it.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import ROOT

SCRIPT = os.path.join(ROOT, "scripts", "qgisroot.sh")


def pem(body: str) -> str:
    return "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n".format(body)


def ca_into(target, env_extra, local_dir):
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "CITYHEALTH_LOCAL_CA_DIR": str(local_dir),
           **env_extra}
    return subprocess.run(["bash", SCRIPT, "3.44", "--ca-into", str(target)], env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture()
def local_dir(tmp_path):
    folder = tmp_path / "local-ca"
    folder.mkdir()
    return folder


def test_bundles_of_pip_cert_and_requests_ca_bundle_are_split_one_certificate_per_file(tmp_path, local_dir):
    proxy = tmp_path / "proxy.pem"
    crlf = pem("UFJPWFkx").replace("\n", "\r\n")  # saved on Windows
    proxy.write_text("issuer text\r\n" + crlf + pem("UFJPWFky"), encoding="ascii")
    other = tmp_path / "other.crt"
    other.write_text(pem("UFJPWFky") + pem("T1RIRVI="), encoding="ascii")   # one certificate again
    (local_dir / "company.crt").write_text(pem("TE9DQUw="), encoding="ascii")
    target = tmp_path / "root"
    result = ca_into(target, {"PIP_CERT": str(proxy), "REQUESTS_CA_BUNDLE": str(other)}, local_dir)
    assert result.returncode == 0, result.stderr
    assert "certificates: 4" in result.stdout
    folder = target / "usr" / "local" / "share" / "ca-certificates" / "cityhealth-host"
    files = sorted(folder.glob("*.crt"))
    bodies = sorted(f.read_text(encoding="ascii").splitlines()[1] for f in files)
    assert bodies == ["T1RIRVI=", "TE9DQUw=", "UFJPWFkx", "UFJPWFky"]
    for f in files:
        text = f.read_text(encoding="ascii")
        assert text.count("BEGIN CERTIFICATE") == 1 and "\r" not in text
    combined = (target / "etc" / "ssl" / "cityhealth-host-ca.pem").read_text(encoding="ascii")
    for body in bodies:
        assert body in combined
    if os.path.exists("/etc/ssl/certs/ca-certificates.crt"):  # the system store comes first
        with open("/etc/ssl/certs/ca-certificates.crt", encoding="utf-8", errors="replace") as handle:
            assert combined.startswith(handle.read(200))
    apt = (target / "etc" / "apt" / "apt.conf.d" / "60cityhealth-host-ca").read_text(encoding="ascii")
    assert apt.strip() == 'Acquire::https::CAInfo "/etc/ssl/cityhealth-host-ca.pem";'


def test_the_same_bundle_twice_is_read_once_and_a_missing_one_is_reported(tmp_path, local_dir):
    proxy = tmp_path / "proxy.pem"
    proxy.write_text(pem("UFJPWFkx"), encoding="ascii")
    result = ca_into(tmp_path / "root", {"PIP_CERT": str(proxy), "REQUESTS_CA_BUNDLE": str(proxy)}, local_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("CA bundle: ") == 1 and "certificates: 1" in result.stdout
    result = ca_into(tmp_path / "root", {"PIP_CERT": str(tmp_path / "nowhere.pem")}, local_dir)
    assert result.returncode == 0, result.stderr
    assert "nowhere.pem" in result.stderr and "does not exist" in result.stderr
    assert "certificates: 0" in result.stdout


def test_without_bundles_the_root_keeps_its_own_store_only(tmp_path, local_dir):
    target = tmp_path / "root"
    stale = target / "usr" / "local" / "share" / "ca-certificates" / "cityhealth-host"
    stale.mkdir(parents=True)
    (stale / "old.crt").write_text(pem("T0xE"), encoding="ascii")   # from an earlier build
    result = ca_into(target, {}, local_dir)
    assert result.returncode == 0, result.stderr
    assert "certificates: 0" in result.stdout
    assert not stale.exists()
    assert not (target / "etc" / "ssl" / "cityhealth-host-ca.pem").exists()
    assert not (target / "etc" / "apt" / "apt.conf.d" / "60cityhealth-host-ca").exists()


def test_generations_and_root_folders():
    env = dict(os.environ, QGIS344_ROOT="/somewhere/344")
    env.pop("QGIS340_ROOT", None)
    run = lambda *args: subprocess.run(["bash", SCRIPT, *args], env=env, capture_output=True, text=True)  # noqa: E731
    assert run("--root-of", "3.44").stdout.strip() == "/somewhere/344"
    assert run("--root-of", "3.40").stdout.strip() == os.path.join(ROOT, ".qgis340")
    wrong = run("3.30")
    assert wrong.returncode == 2 and "usage" in wrong.stderr
