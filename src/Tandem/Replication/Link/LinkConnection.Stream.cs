using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Tandem.Replication.Link;

internal sealed partial class LinkConnection
{
    /// <summary>The plain socket stream, or TLS around it (the connecting node is the TLS client).</summary>
    private async Task<Stream> OpenStreamAsync(CancellationToken ct)
    {
        var plain = new NetworkStream(_socket, ownsSocket: false);
        if (_settings.Tls is not { } tls)
        {
            return plain;
        }

        var ssl = new SslStream(plain, leaveInnerStreamOpen: false);
        try
        {
            if (Outgoing)
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = _settings.PeerNode,
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => tls.Certificate,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTrusted(tls, certificate),
                }, ct).ConfigureAwait(false);
            }
            else
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = tls.Certificate,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTrusted(tls, certificate),
                }, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
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
