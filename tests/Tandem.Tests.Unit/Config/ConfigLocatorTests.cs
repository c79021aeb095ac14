using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class ConfigLocatorTests
{
    static Func<string, string?> Env(string? config = null, string? node = null) => name => name switch
    {
        "TANDEM_CONFIG" => config,
        "TANDEM_NODE" => node,
        _ => null,
    };

    [Fact]
    public void Config_path_is_cli_then_environment_then_default()
    {
        Assert.Equal("/cli.toml", ConfigLocator.Resolve("/cli.toml", Env(config: "/env.toml")));
        Assert.Equal("/env.toml", ConfigLocator.Resolve(null, Env(config: "/env.toml")));
        Assert.Equal("/env.toml", ConfigLocator.Resolve("", Env(config: "/env.toml")));
        Assert.Equal("/etc/tandem/tandem.toml", ConfigLocator.Resolve(null, Env(config: "")));
        Assert.Equal("/etc/tandem/tandem.toml", ConfigLocator.Resolve(null, Env()));
    }

    static readonly TandemConfig Config = ConfigLoader.Parse(ConfigSamples.Contract, "/etc/tandem/tandem.toml");

    [Fact]
    public void Node_is_cli_then_environment_then_host_name()
    {
        Assert.Equal("db-server-01", NodeIdentity.Resolve(Config, "db-server-01", Env(node: "db-server-02"), () => "db-server-02"));
        Assert.Equal("db-server-02", NodeIdentity.Resolve(Config, null, Env(node: "db-server-02"), () => "db-server-01"));
        Assert.Equal("db-server-01", NodeIdentity.Resolve(Config, null, Env(), () => "db-server-01"));
        Assert.Equal("db-server-01", NodeIdentity.Resolve(Config, null, Env(), () => "db-server-01.example.com"));
    }

    [Fact]
    public void Unknown_node_lists_the_known_nodes()
    {
        var e = Assert.Single(Assert.Throws<ConfigException>(() =>
            NodeIdentity.Resolve(Config, null, Env(), () => "laptop")).Errors);
        Assert.Equal("/etc/tandem/tandem.toml: \"laptop\" (the host name) is not a node of this config (nodes: db-server-01, db-server-02); pass --node NAME or set TANDEM_NODE, or name the node after this host", e.ToString());

        var typo = Assert.Throws<ConfigException>(() => NodeIdentity.Resolve(Config, "db-server-1", Env(), () => "x"));
        Assert.Contains("\"db-server-1\" (--node) is not a node of this config", typo.Message);
        Assert.Contains("did you mean \"db-server-01\"?", typo.Message);

        var env = Assert.Throws<ConfigException>(() => NodeIdentity.Resolve(Config, null, Env(node: "zzz"), () => "db-server-01"));
        Assert.Contains("(TANDEM_NODE)", env.Message);
    }

    [Fact]
    public void Host_name_matches_the_kernel_node_name()
    {
        var expected = File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        Assert.Equal(expected, NodeIdentity.HostName());
    }
}
