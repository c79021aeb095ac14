using Tandem.Config;
using Tandem.Tests.Unit.Config;

namespace Tandem.Tests.Unit.Resources;

/// <summary>Resource strings and group policy keys as <c>tandem config check</c> sees them.</summary>
public class GroupConfigTests
{
    const string File = "/etc/tandem/tandem.toml";

    static string WithGroup(string body) => ConfigSamples.Minimal + "\n[[groups]]\nname = \"g\"\n" + body + "\n";

    static int LineOf(string text, string marker) =>
        1 + text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(marker)).i;

    [Fact]
    public void A_bad_resource_string_is_reported_at_its_line_with_its_index()
    {
        var text = WithGroup("""
            resources = [
              "IPaddr::10.0.0.9/24/eth0",
              "IPaddr::10.0.0.300",
              "Filesystem::/dev/tandem/r0::data::ext4",
            ]
            """);
        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Errors;
        Assert.Equal(2, errors.Count);
        Assert.Equal($"{File}:{LineOf(text, "10.0.0.300")}: groups[0].resources[1]: \"10.0.0.300\" is not an IPv4 address; write four numbers 0-255 without leading zeros, such as IPaddr::192.168.0.88/24/eth1",
            errors[0].ToString());
        Assert.Equal("groups[0].resources[2]", errors[1].Key);
        Assert.Equal(LineOf(text, "::data::"), errors[1].Line);
        Assert.Contains("must be an absolute directory", errors[1].Message);
    }

    [Fact]
    public void The_same_resource_twice_in_a_group_is_refused()
    {
        var text = WithGroup("resources = [\"IPaddr::10.0.0.9\", \"httpd\", \"IPaddr::10.0.0.9\"]");
        var e = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Errors);
        Assert.Equal("groups[0].resources[2]", e.Key);
        Assert.Contains("listed twice", e.Message);
    }

    [Fact]
    public void A_script_named_almost_like_a_built_in_is_a_warning()
    {
        var config = ConfigLoader.Parse(WithGroup("resources = [\"Filesystm::/dev/a::/data\"]"), File);
        var w = Assert.Single(config.Warnings);
        Assert.Equal("groups[0].resources[0]", w.Key);
        Assert.Contains("did you mean the built-in Filesystem?", w.Message);
    }

    [Fact]
    public void Policy_defaults_and_values()
    {
        var defaults = Assert.Single(ConfigLoader.Parse(WithGroup("resources = []"), File).Groups);
        Assert.Equal((Defaults.MonitorInterval, Defaults.MonitorTimeout, Defaults.MaxRestarts, Defaults.RestartWindow, Defaults.StopRetries),
            (defaults.MonitorInterval, defaults.MonitorTimeout, defaults.MaxRestarts, defaults.RestartWindow, defaults.StopRetries));
        Assert.Equal(3, Defaults.MaxRestarts);

        var g = Assert.Single(ConfigLoader.Parse(WithGroup("""
            monitor_interval = "2s"
            monitor_timeout = "1500ms"
            start_timeout = "2m"
            stop_timeout = "30s"
            max_restarts = 0
            restart_window = "10m"
            stop_retries = 5
            """), File).Groups);
        Assert.Equal(TimeSpan.FromSeconds(2), g.MonitorInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), g.MonitorTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), g.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), g.StopTimeout);
        Assert.Equal(0, g.MaxRestarts);
        Assert.Equal(TimeSpan.FromMinutes(10), g.RestartWindow);
        Assert.Equal(5, g.StopRetries);
    }

    [Theory]
    [InlineData("max_restarts = -1", "groups[0].max_restarts", "must be between 0 and 1000")]
    [InlineData("max_restarts = \"3\"", "groups[0].max_restarts", "expected a whole number such as 3")]
    [InlineData("monitor_interval = 10", "groups[0].monitor_interval", "write \"10s\"")]
    [InlineData("monitor_timout = \"5s\"", "groups[0].monitor_timout", "did you mean \"monitor_timeout\"?")]
    public void Bad_policy_values(string line, string key, string expected)
    {
        var e = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Parse(WithGroup(line), File)).Errors);
        Assert.Equal(key, e.Key);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_restart_window_too_short_to_ever_reach_the_threshold_is_a_warning()
    {
        var config = ConfigLoader.Parse(WithGroup("monitor_interval = \"10s\"\nrestart_window = \"20s\""), File);
        Assert.Contains("restarted here forever", Assert.Single(config.Warnings).Message);
    }

    [Fact]
    public void The_printed_config_carries_the_policy()
    {
        var config = ConfigLoader.Parse(WithGroup("max_restarts = 7\nresources = [\"ocf:heartbeat:Dummy::state=/run/x\"]"), File);
        var printed = ConfigPrinter.Print(config);
        Assert.Contains("max_restarts = 7\n", printed);
        Assert.Contains("monitor_interval = \"10s\"\n", printed);
        ConfigAssert.Equal(config, ConfigLoader.Parse(printed, File));
    }
}
