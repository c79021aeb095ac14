using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tandem.Config;

namespace Tandem.Replication.Link;

/// <summary>A volume's TLS files from the config, loaded and checked when the volume comes up.</summary>
public static class LinkTlsFiles
{
    /// <summary>
    /// This node's certificate with its key and the peer's certificate (pinned), or null when the volume has no
    /// TLS. Throws <see cref="LinkTlsException"/> naming the key in the config and what to do.
    /// </summary>
    public static LinkTlsOptions? Load(string volume, VolumeNodeOptions local, VolumeNodeOptions peer)
    {
        if (local.TlsCertificate is not { } cert || local.TlsKey is not { } key || peer.TlsCertificate is not { } peerCert)
            return null;
        string where = $"volumes.{volume}.on.{local.Node}";
        CheckKeyMode(where, key);
        X509Certificate2 own;
        try
        {
            own = X509Certificate2.CreateFromPemFile(cert, key);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new LinkTlsException(
                $"{where}: cannot load tls_certificate {cert} with tls_key {key}: {e.Message}; both must be PEM files, the key the certificate's own " +
                "(for example: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj /CN=NODE -keyout NODE.key -out NODE.crt)");
        }
        if (!own.HasPrivateKey)
            throw new LinkTlsException($"{where}: tls_key {key} holds no private key for {cert}");
        X509Certificate2 theirs;
        try
        {
            theirs = X509CertificateLoader.LoadCertificateFromFile(peerCert);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            own.Dispose();
            throw new LinkTlsException(
                $"volumes.{volume}.on.{peer.Node}: cannot load the peer's tls_certificate {peerCert} on this node: {e.Message}; " +
                $"copy {peer.Node}'s certificate (not its key) to {peerCert} here");
        }
        return new LinkTlsOptions(own, [theirs]);
    }

    static void CheckKeyMode(string where, string key)
    {
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkTlsException($"{where}: tls_key {key} cannot be read: {e.Message}");
        }
        const UnixFileMode open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                  UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & open) != 0)
            throw new LinkTlsException($"{where}: tls_key {key} can be read by other users (mode {Convert.ToString((int)mode, 8)}); chmod 600 {key}");
    }
}

/// <summary>A volume's TLS certificate or key cannot be used; the message says which and what to do.</summary>
public sealed class LinkTlsException(string message) : Exception(message);
