using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

/// <summary>tls_certificate and tls_key in [volumes.RES.on.NODE].</summary>
public class ConfigTlsTests
{
    const string File = "t.toml";

    static string WithTls(string a, string b) => ConfigSamples.Minimal
        .Replace("address = \"10.0.0.1:7788\"", "address = \"10.0.0.1:7788\"\n" + a)
        .Replace("address = \"10.0.0.2:7788\"", "address = \"10.0.0.2:7788\"\n" + b);

    const string TlsA = "tls_certificate = \"/etc/tandem/a.crt\"\ntls_key = \"/etc/tandem/a.key\"";
    const string TlsB = "tls_certificate = \"/etc/tandem/b.crt\"\ntls_key = \"/etc/tandem/b.key\"";

    static IReadOnlyList<ConfigError> Errors(string text) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Errors;

    [Fact]
    public void Certificates_on_both_nodes_are_read_and_printed_back()
    {
        var config = ConfigLoader.Parse(WithTls(TlsA, TlsB), File);
        var a = config.Volumes["r0"].On["a"];
        Assert.Equal(("/etc/tandem/a.crt", "/etc/tandem/a.key"), (a.TlsCertificate, a.TlsKey));
        Assert.Equal("/etc/tandem/b.crt", config.Volumes["r0"].On["b"].TlsCertificate);
        ConfigAssert.Equal(config, ConfigLoader.Parse(ConfigPrinter.Print(config), File));
    }

    [Fact]
    public void Without_certificates_there_is_no_tls()
    {
        var config = ConfigLoader.Parse(ConfigSamples.Minimal, File);
        Assert.All(config.Volumes["r0"].On.Values, o => Assert.Null(o.TlsCertificate));
        Assert.DoesNotContain("tls_", ConfigPrinter.Print(config));
    }

    [Fact]
    public void A_certificate_on_one_node_only_is_refused_naming_both()
    {
        var e = Assert.Single(Errors(WithTls(TlsA, "")));
        Assert.Equal("volumes.r0.on", e.Key);
        Assert.Contains("tls_certificate is set for a but not for b", e.Message);
    }

    [Theory]
    [InlineData("tls_certificate = \"/etc/tandem/a.crt\"", "volumes.r0.on.a.tls_certificate", "is set without tls_key")]
    [InlineData("tls_key = \"/etc/tandem/a.key\"", "volumes.r0.on.a.tls_key", "is set without tls_certificate")]
    [InlineData("tls_certificate = \"a.crt\"\ntls_key = \"/etc/tandem/a.key\"", "volumes.r0.on.a.tls_certificate", "is not an absolute path")]
    public void A_certificate_needs_its_key_and_absolute_paths(string a, string key, string message)
    {
        var errors = Errors(WithTls(a, TlsB));
        var e = errors.First(x => x.Key == key);
        Assert.Contains(message, e.Message);
        Assert.Equal(1 + WithTls(a, TlsB).Split('\n').ToList().FindIndex(l => l.StartsWith(key.Split('.')[^1], StringComparison.Ordinal)), e.Line);
    }
}
