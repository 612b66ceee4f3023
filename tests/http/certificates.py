"""Certificates for the HTTPS tests: a trustme certificate written where ``svit serve --tls-cert
--tls-key`` reads it, and the certificate a server is serving right now."""
import socket
import ssl

import trustme


def write_cert(cert: trustme.LeafCert, folder) -> tuple[str, str]:
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert.private_key_pem.write_to_path(str(key_path))
    cert_path.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    return str(cert_path), str(key_path)


def served_certificate(port: int) -> bytes:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw) as connection:
            return connection.getpeercert(binary_form=True)
