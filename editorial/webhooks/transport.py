"""One POST to a checked target, connected to the addresses that were checked.

The name is resolved once, by targets.target_check, and never again: the
connection goes to one of the checked addresses, while the Host header, the
TLS server name (SNI) and the certificate check still use the host name the
subscriber gave. So DNS that answers differently a moment later (rebinding)
cannot send the request elsewhere. No proxy from the environment is used
(it would resolve the name itself), and redirects are not followed: a 3xx
is an answer like any other non-2xx.
"""

import http.client
import socket
import ssl


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Speaks to ``host`` (in the Host header) at ``address``, never resolving ``host``."""

    def __init__(self, target, address, timeout):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = str(address)

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def connect(self):
        super().connect()
        # A context per connection reads the system's CA certificates as they
        # are now (and SSL_CERT_FILE, if set); it checks the certificate
        # against the host's name, and sends that name as SNI.
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def post(target, body, headers, *, timeout):
    """(status, error): the receiver's status if it answered, and what went wrong if anything.

    Tries the checked addresses in the resolver's order until one accepts the
    connection; once the request is sent, it is not sent again elsewhere.
    """
    connection_class = (
        _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    )
    failure = None
    for address in target.addresses:
        connection = connection_class(target, address, timeout)
        try:
            connection.connect()
        except OSError as error:  # refused, unreachable, timed out, TLS refused
            failure = error
            connection.close()
            continue
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, _error_of(response)
        except (OSError, http.client.HTTPException) as error:
            return None, f"No answer from {address}: {error}"[:500]
        finally:
            connection.close()
    return None, f"No connection to {target.host}: {failure}"[:500]


def _error_of(response):
    if 200 <= response.status < 300:
        return ""
    error = f"HTTP {response.status} {response.reason}"
    if 300 <= response.status < 400:
        error += " (redirects are not followed)"
    return error[:500]
