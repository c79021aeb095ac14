using System.Security.Cryptography.X509Certificates;

namespace Tandem.Replication.Link;

/// <summary>
/// TLS for the replication connection. The node that connects is the TLS client, the one that accepts the server;
/// both present <see cref="Certificate"/> (with its private key). The peer's certificate must be one of
/// <see cref="TrustedPeers"/> (pinned: compared byte for byte), so self-signed
/// certificates work without a CA. The key challenge–response still runs inside TLS.
/// </summary>
public sealed record LinkTlsOptions(X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> TrustedPeers);
