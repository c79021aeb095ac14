using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tandem.Tests.Integration.Volume;
using static Tandem.Tests.Integration.Replication.ReplicatedPair;

namespace Tandem.Tests.Integration.Replication;

/// <summary>The replication link over TLS, set up from the config (tls_certificate and tls_key per node).</summary>
public sealed class TlsTests : IDisposable
{
    readonly ReplicatedPair _pair = new();

    public void Dispose() => _pair.Dispose();

    string CertPath(string node) => Path.Combine(_pair.Dir, node + ".crt");
    string KeyPath(string node) => Path.Combine(_pair.Dir, node + ".key");

    /// <summary>A self-signed certificate and its key as PEM files (the key mode 0600 unless told otherwise).</summary>
    void MakeCertificate(string node, UnixFileMode keyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={node}", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(CertPath(node), cert.ExportCertificatePem());
        File.WriteAllText(KeyPath(node), key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(KeyPath(node), keyMode);
    }

    /// <summary>The pair's config with tls_certificate and tls_key on every node (both nodes read this one file).</summary>
    void UseTlsConfig()
    {
        string text = _pair.ConfigText;
        foreach (var n in Nodes)
        {
            string socketLine = $"nbd_socket = \"{_pair.NodeDir(n)}/{_pair.Name}.nbd\"";
            Assert.Contains(socketLine, text);
            text = text.Replace(socketLine, $"{socketLine}\ntls_certificate = \"{CertPath(n)}\"\ntls_key = \"{KeyPath(n)}\"");
        }
        File.WriteAllText(Path.Combine(_pair.Dir, "tandem.toml"), text);
        var check = _pair.Cli("alpha", "config", "check");
        Assert.True(check.Exit == 0, check.ToString());
    }

    [Fact]
    public void A_pair_with_certificates_syncs_and_replicates_over_tls()
    {
        foreach (var n in Nodes)
            MakeCertificate(n);
        UseTlsConfig();
        _pair.StartSynced();
        var data = new byte[4 << 20];
        new Random(7).NextBytes(data);
        var src = Path.Combine(_pair.Dir, "data.bin");
        File.WriteAllBytes(src, data);
        Proc.Ok("nbdcopy", src, _pair.NbdUri("alpha"));
        Assert.True(_pair.DataRegion("beta", data.Length).AsSpan().SequenceEqual(data), "beta's disk does not hold what was written on alpha");
        Assert.DoesNotContain("TLS", _pair.Log("alpha") + _pair.Log("beta"), StringComparison.Ordinal); // no TLS failure logged
    }

    [Fact]
    public void A_peer_presenting_another_certificate_than_the_pinned_one_is_refused()
    {
        foreach (var n in Nodes)
            MakeCertificate(n);
        UseTlsConfig();
        foreach (var n in new[] { "beta", "alpha" })
        {
            _pair.CliOk(n, "volume", "create-md", _pair.Name);
            _pair.Start(n);
            _pair.CliOk(n, "volume", "up", _pair.Name);
            // beta came up with its certificate; the file alpha then reads as beta's is another one.
            if (n == "beta")
                File.Copy(MakeOther(), CertPath("beta"), overwrite: true);
        }
        Thread.Sleep(3000);
        foreach (var n in Nodes)
            Assert.Equal("Connecting", Str(_pair.Volume(n), "connection"));
        Assert.Contains("TLS", _pair.Log("alpha") + _pair.Log("beta"), StringComparison.Ordinal);
    }

    string MakeOther()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = new CertificateRequest("CN=beta", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_pair.Dir, "impostor.crt");
        File.WriteAllText(path, cert.ExportCertificatePem());
        return path;
    }

    [Fact]
    public void A_key_other_users_can_read_stops_the_volume_coming_up_and_says_how_to_fix_it()
    {
        MakeCertificate("alpha", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        MakeCertificate("beta");
        UseTlsConfig();
        _pair.CliOk("alpha", "volume", "create-md", _pair.Name);
        _pair.Start("alpha");
        var up = _pair.Cli("alpha", "volume", "up", _pair.Name);
        Assert.NotEqual(0, up.Exit);
        Assert.Contains($"chmod 600 {KeyPath("alpha")}", up.Out + up.Err);
    }
}
