using Tandem.Config;
using Tandem.Resources.Groups;
using Tandem.Tests.Unit.Config;

namespace Tandem.Tests.Unit.Resources;

/// <summary><c>[[groups.monitor]]</c>: a resource's own monitor interval and timeout, and the errors config check gives.</summary>
public class GroupMonitorConfigTests
{
    const string File = "/etc/tandem/tandem.toml";

    static string WithGroup(string monitors) => ConfigSamples.Minimal + """


        [[groups]]
        name = "db"
        monitor_interval = "10s"
        monitor_timeout = "20s"
        resources = ["IPaddr::10.0.0.9", "volume::r0", "mysql::/etc/mysql/my.cnf"]

        """ + monitors + "\n";

    static ConfigError Error(string monitors) =>
        Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Parse(WithGroup(monitors), File)).Errors);

    static int LineOf(string text, string marker) =>
        1 + text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(marker)).i;

    [Fact]
    public void A_resource_gets_its_own_interval_and_timeout_and_the_others_keep_the_groups()
    {
        var g = Assert.Single(ConfigLoader.Parse(WithGroup("""
            [[groups.monitor]]
            resource = "mysql::/etc/mysql/my.cnf"
            interval = "3s"
            timeout = "5s"

            [[groups.monitor]]
            resource = "IPaddr::10.0.0.9"
            interval = "1s"
            """), File).Groups);
        Assert.Equal(2, g.Monitors.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), g.MonitorIntervalOf("mysql::/etc/mysql/my.cnf"));
        Assert.Equal(TimeSpan.FromSeconds(5), g.MonitorTimeoutOf("mysql::/etc/mysql/my.cnf"));
        Assert.Equal(TimeSpan.FromSeconds(1), g.MonitorIntervalOf("IPaddr::10.0.0.9"));
        Assert.Equal(TimeSpan.FromSeconds(20), g.MonitorTimeoutOf("IPaddr::10.0.0.9")); // not set: the group's
        Assert.Equal(TimeSpan.FromSeconds(10), g.MonitorIntervalOf("volume::r0"));
        Assert.Equal(TimeSpan.FromSeconds(20), g.MonitorTimeoutOf("volume::r0"));
        Assert.Null(g.MonitorOf("volume::r0"));
    }

    [Fact]
    public void The_inline_form_works_too()
    {
        var text = ConfigSamples.Minimal + """


            [[groups]]
            name = "db"
            resources = ["IPaddr::10.0.0.9"]
            monitor = [{ resource = "IPaddr::10.0.0.9", timeout = "2s" }]
            """;
        var g = Assert.Single(ConfigLoader.Parse(text, File).Groups);
        Assert.Equal(TimeSpan.FromSeconds(2), g.MonitorTimeoutOf("IPaddr::10.0.0.9"));
        Assert.Equal(Defaults.MonitorInterval, g.MonitorIntervalOf("IPaddr::10.0.0.9"));
    }

    [Fact]
    public void A_resource_not_in_the_group_is_named_with_file_line_and_key()
    {
        var monitors = "[[groups.monitor]]\nresource = \"mysql::/etc/mysql/my.conf\"\ntimeout = \"5s\"";
        var text = WithGroup(monitors);
        var e = Error(monitors);
        Assert.Equal($"{File}:{LineOf(text, "my.conf")}: groups[0].monitor[0].resource: \"mysql::/etc/mysql/my.conf\" is not a resource of this group; did you mean \"mysql::/etc/mysql/my.cnf\"?; write it exactly as in resources (\"IPaddr::10.0.0.9\", \"volume::r0\", \"mysql::/etc/mysql/my.cnf\")",
            e.ToString());
    }

    [Theory]
    [InlineData("resource = \"volume::r0\"\ntimeout = \"0s\"", "groups[0].monitor[0].timeout", "must be longer than 0")]
    [InlineData("resource = \"volume::r0\"\ninterval = \"-1s\"", "groups[0].monitor[0].interval", "")]
    [InlineData("resource = \"volume::r0\"\ninterval = 5", "groups[0].monitor[0].interval", "write \"5s\"")]
    [InlineData("resource = \"volume::r0\"", "groups[0].monitor[0]", "sets neither interval nor timeout; add interval = \"5s\" and/or timeout = \"30s\", or remove it")]
    [InlineData("interval = \"5s\"", "groups[0].monitor[0].resource", "missing in [groups[0].monitor[0]]; name the resource exactly as it is written")]
    [InlineData("resource = \"volume::r0\"\ntimout = \"5s\"", "groups[0].monitor[0].timout", "did you mean \"timeout\"?")]
    [InlineData("resource = \"volume::r0\"\ntimeout = \"5s\"\nstop_retries = 2", "groups[0].monitor[0].stop_retries", "keys of the group itself go above its first [[groups.monitor]]")]
    public void Bad_monitor_entries(string body, string key, string expected)
    {
        var e = Error("[[groups.monitor]]\n" + body);
        Assert.Equal(key, e.Key);
        Assert.Contains(expected, e.Message);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void A_resource_listed_twice_is_refused_at_the_second()
    {
        var monitors = "[[groups.monitor]]\nresource = \"volume::r0\"\ninterval = \"5s\"\n\n[[groups.monitor]]\nresource = \"volume::r0\" # again\ntimeout = \"5s\"";
        var e = Error(monitors);
        Assert.Equal("groups[0].monitor[1].resource", e.Key);
        Assert.Equal(LineOf(WithGroup(monitors), "# again"), e.Line);
        Assert.Contains($"already has a [[groups.monitor]] at line {LineOf(WithGroup(monitors), "[[groups.monitor]]") + 1}; merge the two", e.Message);
    }

    [Fact]
    public void A_mysql_timeout_set_in_two_places_is_refused()
    {
        var text = ConfigSamples.Minimal + """


            [[groups]]
            name = "db"
            resources = ["mysql::/etc/mysql/my.cnf::monitor_timeout=5s"]

            [[groups.monitor]]
            resource = "mysql::/etc/mysql/my.cnf::monitor_timeout=5s"
            interval = "2s"
            timeout = "3s"
            """;
        var e = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Errors);
        Assert.Equal("groups[0].monitor[0].timeout", e.Key);
        Assert.Equal(LineOf(text, "timeout = \"3s\""), e.Line);
        Assert.Contains("already sets monitor_timeout=5s; keep one of the two", e.Message);

        // The interval alone is fine.
        var g = Assert.Single(ConfigLoader.Parse(text.Replace("timeout = \"3s\"", ""), File).Groups);
        Assert.Equal(TimeSpan.FromSeconds(2), g.MonitorIntervalOf("mysql::/etc/mysql/my.cnf::monitor_timeout=5s"));
    }

    [Fact]
    public void Monitor_must_be_an_array_of_tables()
    {
        var text = ConfigSamples.Minimal + "\n\n[[groups]]\nname = \"db\"\nresources = []\nmonitor = \"fast\"\n";
        var e = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Errors);
        Assert.Equal("groups[0].monitor", e.Key);
        Assert.Contains("write [[groups.monitor]] after the group's keys", e.Message);
    }

    [Fact]
    public void The_restart_window_warning_counts_the_slowest_resource()
    {
        var config = ConfigLoader.Parse(WithGroup("""
            [[groups.monitor]]
            resource = "volume::r0"
            interval = "2m"
            """), File);
        Assert.Contains("(3 x 2m)", Assert.Single(config.Warnings).Message);
    }

    [Fact]
    public void The_printed_config_carries_the_overrides()
    {
        var config = ConfigLoader.Parse(WithGroup("""
            [[groups.monitor]]
            resource = "mysql::/etc/mysql/my.cnf"
            timeout = "1500ms"
            """), File);
        var printed = ConfigPrinter.Print(config);
        Assert.Contains("\n[[groups.monitor]]\nresource = \"mysql::/etc/mysql/my.cnf\"\ntimeout = \"1500ms\"\n", printed);
        ConfigAssert.Equal(config, ConfigLoader.Parse(printed, File));
    }

    [Fact]
    public void The_group_policy_carries_each_resources_interval()
    {
        var config = ConfigLoader.Parse(WithGroup("[[groups.monitor]]\nresource = \"volume::r0\"\ninterval = \"2s\""), File);
        var policy = GroupPolicy.From(config.Groups[0], config, "a");
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)],
            Enumerable.Range(0, 3).Select(policy.MonitorIntervalOf));
    }
}
