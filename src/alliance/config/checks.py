"""Start-up checks: the configuration and the stored state agree, or the site does not start.

``alliance serve``, ``alliance worker`` and ``alliance restore`` run
:func:`startup_errors` before anything serves; Django's own ``check`` runs the same
checks (``alliance manage check`` for the configuration, ``--database default`` for the
stored state; ``migrate`` runs both).

- the base URL's host is one this site answers for (ALLOWED_HOSTS), and the log origin
  names the same host;
- the log's checkpoints were signed for the origin the base URL gives now, and with the
  signing key in force now — a restored database without its ``var/keys`` does not
  quietly get a new key (a rotation is an explicit, logged action:
  ``log_key_rotate``);
- the credentials already issued name the ``did:web`` the base URL gives now, and the
  active issuer key's secret is on this server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.db import DatabaseError
from django.http.request import split_domain_port, validate_host

ERR_HOST_NOT_ALLOWED = (
    "The base URL {url} names host {host!r}, which is not in ALLIANCE_ALLOWED_HOSTS "
    "({allowed}): the site would refuse its own address."
)
ERR_ORIGIN_HOST = (
    "The log origin {origin!r} (ALLIANCE_LOG_ORIGIN) names a different host than the base "
    "URL {url}: verifiers would look for the log under another name."
)
ERR_ORIGIN_CHANGED = (
    "The log's checkpoints are signed for origin {stored!r}, but this configuration makes "
    "it {current!r} (ALLIANCE_BASE_URL={url}). Set ALLIANCE_BASE_URL back to the address "
    "the log was started under (or ALLIANCE_LOG_ORIGIN={stored})."
)
ERR_NO_LOG_KEY = (
    "The log has {count} signed checkpoint(s), the newest signed with {verifier}, but there "
    "is no signing key at {path} (nor ALLIANCE_LOG_SIGNER_KEY). Refusing to start rather "
    "than sign with a new key: restore var/keys from the backup (`alliance restore`)."
)
ERR_LOG_KEY_MISMATCH = (
    "The log signing key in force ({current}) is not the key the log's newest checkpoint "
    "is signed with ({stored}). Put the right key back ({path} or "
    "ALLIANCE_LOG_SIGNER_KEY); a change of key is made only by a logged rotation."
)
ERR_DID_CHANGED = (
    "Credentials were issued by {stored}, but the base URL {url} makes the issuer {current}: "
    "every issued credential would stop resolving. Set ALLIANCE_BASE_URL back."
)
ERR_ISSUER_KEY_MISSING = (
    "The active credential issuer key {fragment} has no secret on this server (var/keys or "
    "ALLIANCE_ISSUER_KEY): restore var/keys from the backup."
)


def _host(url: str) -> str:
    return urlsplit(url).netloc


def configuration_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Checks of the settings alone (no database)."""
    from alliance.transparency import keys

    errors: list[CheckMessage] = []
    url = settings.ALLIANCE_BASE_URL
    netloc = _host(url)
    domain, _ = split_domain_port(netloc)
    if not validate_host(domain, settings.ALLOWED_HOSTS):
        errors.append(
            Error(
                ERR_HOST_NOT_ALLOWED.format(
                    url=url, host=domain, allowed=",".join(settings.ALLOWED_HOSTS)
                ),
                id="alliance.E001",
            )
        )
    origin = keys.log_origin()
    if origin.split("/", 1)[0] != netloc:
        errors.append(Error(ERR_ORIGIN_HOST.format(origin=origin, url=url), id="alliance.E002"))
    return errors


def _latest_checkpoint() -> Any:
    from alliance.transparency.models import Checkpoint

    return Checkpoint.objects.order_by("-id").first()


def log_key_errors() -> list[CheckMessage]:
    """The signing key in force is the one the newest checkpoint is signed with."""
    from alliance.transparency import keys
    from alliance.transparency.models import Checkpoint

    latest = _latest_checkpoint()
    if latest is None:
        return []
    errors: list[CheckMessage] = []
    stored_origin = latest.note.split("\n", 1)[0]
    if stored_origin != keys.log_origin():
        errors.append(
            Error(
                ERR_ORIGIN_CHANGED.format(
                    stored=stored_origin,
                    current=keys.log_origin(),
                    url=settings.ALLIANCE_BASE_URL,
                ),
                id="alliance.E010",
            )
        )
    if not keys.key_from_environment() and not keys.key_path().exists():
        errors.append(
            Error(
                ERR_NO_LOG_KEY.format(
                    count=Checkpoint.objects.count(),
                    verifier=latest.verifier_key,
                    path=keys.key_path(),
                ),
                id="alliance.E011",
            )
        )
        return errors
    current = str(keys.current_signer().verifier)
    if current != latest.verifier_key:
        errors.append(
            Error(
                ERR_LOG_KEY_MISMATCH.format(
                    current=current, stored=latest.verifier_key, path=keys.key_path()
                ),
                id="alliance.E012",
            )
        )
    return errors


def issuer_errors() -> list[CheckMessage]:
    """Issued credentials name today's did:web; the active issuer key's secret is here."""
    from alliance.credentials import issuer
    from alliance.credentials.models import IssuedCredential, IssuerKey

    errors: list[CheckMessage] = []
    newest = IssuedCredential.objects.order_by("-pk").first()
    if newest is not None:
        stored = newest.credential_rdfc.get("issuer")
        if isinstance(stored, dict):
            stored = stored.get("id")
        if stored and stored != issuer.issuer_did():
            errors.append(
                Error(
                    ERR_DID_CHANGED.format(
                        stored=stored, current=issuer.issuer_did(), url=settings.ALLIANCE_BASE_URL
                    ),
                    id="alliance.E020",
                )
            )
    active = IssuerKey.objects.filter(active=True).first()
    if active is not None:
        try:
            issuer.signing_key()
        except issuer.IssuerKeyUnavailable:
            errors.append(
                Error(ERR_ISSUER_KEY_MISSING.format(fragment=active.fragment), id="alliance.E021")
            )
    return errors


def database_check(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Checks of the stored state against the configuration (only with a database)."""
    if not databases or "default" not in databases:
        return []
    try:
        return [*log_key_errors(), *issuer_errors()]
    except DatabaseError:
        # Tables not made yet (before the first migrate): nothing stored to disagree with.
        return []


def startup_errors() -> list[CheckMessage]:
    """Everything that must hold before the site serves (configuration and stored state)."""
    messages = [*configuration_check(), *database_check(databases=["default"])]
    return [m for m in messages if m.is_serious()]
