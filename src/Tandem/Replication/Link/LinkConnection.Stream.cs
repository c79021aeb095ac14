using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Tandem.Streams;

namespace Tandem.Replication.Link;

internal sealed partial class LinkConnection
{
    /// <summary>
    /// The socket's stream, or TLS around it (the connecting node is the TLS client), on the receiving thread: the TLS
    /// handshake runs synchronously over the direct stream, which <paramref name="handshake"/> cancels.
    /// </summary>
    private Stream OpenStream(CancellationToken handshake)
    {
        _direct = new DirectSocketStream(_socket) { Cancellation = handshake, WriteCancellation = _abortWrites.Token };
        if (_settings.Tls is not { } tls)
        {
            return _direct;
        }

        var ssl = new SslStream(_direct, leaveInnerStreamOpen: false);
        try
        {
            if (Outgoing)
            {
                ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
                {
                    TargetHost = _settings.PeerNode,
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => tls.Certificate,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTrusted(tls, certificate),
                });
            }
            else
            {
                ssl.AuthenticateAsServer(new SslServerAuthenticationOptions
                {
                    ServerCertificate = tls.Certificate,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTrusted(tls, certificate),
                });
            }
        }
        catch
        {
            ssl.Dispose();
            throw;
        }

        return ssl;
    }

    /// <summary>The peer's certificate must be one of the pinned ones; chain and name errors are irrelevant then.</summary>
    private static bool IsTrusted(LinkTlsOptions tls, X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        byte[] presented = certificate.GetRawCertData();
        return tls.TrustedPeers.Any(t => t.RawData.AsSpan().SequenceEqual(presented));
    }
}
