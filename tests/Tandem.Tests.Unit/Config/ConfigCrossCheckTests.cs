using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

/// <summary>Checks that relate several keys: nodes named by volumes and groups, collisions, timer relations.</summary>
public class ConfigCrossCheckTests
{
    const string File = "t.toml";

    static IReadOnlyList<ConfigError> Errors(string text) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Errors;

    static int LineOf(string text, string marker) =>
        1 + text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(marker)).i;

    static string Minimal(string find, string replace)
    {
        Assert.Contains(find, ConfigSamples.Minimal);
        return ConfigSamples.Minimal.Replace(find, replace);
    }

    [Fact]
    public void Volume_on_an_unknown_node_suggests_the_node_and_the_missing_node_is_reported()
    {
        var text = Minimal("[volumes.r0.on.b]", "[volumes.r0.on.bb]");
        var errors = Errors(text);
        Assert.Equal(2, errors.Count);
        var missing = errors.Single(e => e.Key == "volumes.r0.on.b");
        Assert.Contains("add a [volumes.r0.on.b] section with disk and address", missing.Message);
        var unknown = errors.Single(e => e.Key == "volumes.r0.on.bb");
        Assert.Equal(LineOf(text, "[volumes.r0.on.bb]"), unknown.Line);
        Assert.Contains("\"bb\" is not a node in [nodes] (nodes: a, b)", unknown.Message);
    }

    [Fact]
    public void Misspelt_node_names_get_a_suggestion()
    {
        var text = ConfigSamples.Contract.Replace("[volumes.r0.on.db-server-02]", "[volumes.r0.on.db-server-2]").Replace("preferred = \"db-server-01\"", "preferred = \"db-sever-01\"");
        var errors = Errors(text);
        Assert.Contains("\"db-server-2\" is not a node in [nodes]; did you mean \"db-server-02\"? (nodes: db-server-01, db-server-02)",
            errors.Single(e => e.Key == "volumes.r0.on.db-server-2").Message);
        Assert.Contains("did you mean \"db-server-01\"?", errors.Single(e => e.Key == "groups[0].preferred").Message);
    }

    [Fact]
    public void Volume_without_any_on_section_is_reported_per_node()
    {
        var text = """
            [cluster]
            name = "t"
            [nodes.a]
            [volumes.r0]
            protocol = "B"
            """;
        var e = Assert.Single(Errors(text));
        Assert.Equal(("volumes.r0.on.a", 4), (e.Key, e.Line));
    }

    [Fact]
    public void Both_ends_of_a_volume_need_different_addresses()
    {
        var text = Minimal("address = \"10.0.0.2:7788\"", "address = \"10.0.0.1:7788\"");
        var e = Assert.Single(Errors(text));
        Assert.Equal("volumes.r0.on.b.address", e.Key);
        Assert.Equal(LineOf(text, "[volumes.r0.on.b]") + 2, e.Line);
        Assert.Contains("also the address of node a", e.Message);
    }

    [Fact]
    public void Two_volumes_of_one_node_cannot_share_disk_address_or_socket()
    {
        var text = ConfigSamples.Minimal + """

            [volumes.r1.on.a]
            disk = "/dev/vdb"
            address = "10.0.0.1:7788"
            nbd_socket = "/run/tandem/r0.nbd"

            [volumes.r1.on.b]
            disk = "/dev/vdc"
            address = "10.0.0.2:7789"
            meta_disk = "/dev/vdb"
            """;
        var errors = Errors(text);
        Assert.Equal(
            ["volumes.r1.on.a.disk", "volumes.r1.on.a.address", "volumes.r1.on.a.nbd_socket", "volumes.r1.on.b.meta_disk"],
            errors.Select(e => e.Key));
        Assert.Equal(LineOf(text, "disk = \"/dev/vdc\"") + 2, errors[3].Line);
        Assert.All(errors, e => Assert.Contains("of volume r0 on this node", e.Message));
    }

    [Fact]
    public void Tandem_is_two_node()
    {
        var text = ConfigSamples.Minimal + "\n[nodes.c]\nheartbeat = [\"10.0.0.3:694\"]\n";
        var errors = Errors(text);
        var e = errors.Single(x => x.Key == "nodes.c");
        Assert.Equal(LineOf(text, "[nodes.c]"), e.Line);
        Assert.Contains("Tandem is a two-node cluster but [nodes] lists 3 nodes (a, b, c); keep two", e.Message);
    }

    [Fact]
    public void One_node_without_heartbeat_is_fine_two_are_not()
    {
        var one = "[cluster]\nname = \"t\"\n[nodes.solo]\n";
        Assert.Empty(ConfigLoader.Parse(one, File).Nodes["solo"].Heartbeat);
        var text = Minimal("heartbeat = [\"10.0.0.2:694\"]", "heartbeat = []");
        var e = Assert.Single(Errors(text));
        Assert.Equal(("nodes.b.heartbeat", LineOf(text, "heartbeat = []")), (e.Key, e.Line));
        var absent = Minimal("heartbeat = [\"10.0.0.2:694\"]", "");
        Assert.Equal(("nodes.b.heartbeat", LineOf(absent, "[nodes.b]")), (Assert.Single(Errors(absent)).Key, Assert.Single(Errors(absent)).Line));
    }

    [Fact]
    public void Names_must_be_usable_as_host_and_device_names()
    {
        var text = "[cluster]\nname = \"t\"\n[nodes.\"db 1\"]\n[volumes.\"../etc\"]\n";
        var errors = Errors(text);
        Assert.Contains(errors, e => e.Key == "nodes.\"db 1\"" && e.Line == 3 && e.Message.Contains("node name \"db 1\" is not valid"));
        Assert.Contains(errors, e => e.Key == "volumes.\"../etc\"" && e.Line == 4 && e.Message.Contains("/dev/tandem/NAME"));
    }

    [Fact]
    public void Groups_reference_known_nodes_and_volumes()
    {
        var text = ConfigSamples.Minimal + """

            [[groups]]
            name = "mysql"
            preferred = "aa"
            resources = ["IPaddr::10.0.0.9", "volume::r9", "volume::r0"]

            [[groups]]
            name = "mysql"
            resources = ["volume::r0", ""]
            """;
        var errors = Errors(text);
        Assert.Equal(
            [("groups[0].preferred", LineOf(text, "preferred")),
             ("groups[0].resources[1]", LineOf(text, "volume::r9")),
             ("groups[1].name", LineOf(text, "name = \"mysql\"") + 5),
             ("groups[1].resources[0]", LineOf(text, "resources = [\"volume::r0\"")),
             ("groups[1].resources[1]", LineOf(text, "resources = [\"volume::r0\""))],
            errors.Select(e => (e.Key!, e.Line)));
        Assert.Contains("\"aa\" is not a node in [nodes] (nodes: a, b)", errors[0].Message);
        Assert.Contains("\"volume::r9\" names no volume in [volumes] (volumes: r0)", errors[1].Message);
        Assert.Contains("already used at line", errors[2].Message);
        Assert.Contains("already in group mysql", errors[3].Message + errors[4].Message);
        Assert.Contains("cannot be empty", errors[3].Message + errors[4].Message);
    }

    [Fact]
    public void Groups_must_be_an_array_of_tables()
    {
        var text = ConfigSamples.Minimal + "\n[groups.mysql]\nname = \"mysql\"\n";
        var e = Assert.Single(Errors(text));
        Assert.Equal("groups", e.Key);
        Assert.Contains("expected [[groups]] sections", e.Message);
        Assert.Empty(ConfigLoader.Parse("groups = [{ name = \"g\" }]\n" + ConfigSamples.Minimal, File).Groups.Single().Resources);
        var misplaced = Assert.Single(Errors(ConfigSamples.Minimal + "\ngroups = [{ name = \"g\" }]\n"));
        Assert.Equal("volumes.r0.on.b.groups", misplaced.Key);
        Assert.Contains("is a top-level key, but every key after the [volumes.r0.on.b] header belongs to [volumes.r0.on.b]", misplaced.Message);
        Assert.Contains("missing in [groups[0]]", Assert.Single(Errors(ConfigSamples.Minimal + "\n[[groups]]\n")).Message);
    }

    [Fact]
    public void Keepalive_must_be_shorter_than_deadtime()
    {
        var text = Minimal("name = \"t\"", "name = \"t\"\nkeepalive = \"3s\"\ndeadtime = \"3s\"\ninitdead = \"1m\"\nwarntime = \"2s\"");
        var e = Assert.Single(Errors(text));
        Assert.Equal(("cluster.keepalive", 3), (e.Key, e.Line));
        Assert.Contains("keepalive (3s) must be shorter than deadtime (3s)", e.Message);
    }

    [Fact]
    public void A_bad_timer_is_not_also_compared_with_the_others()
    {
        var text = Minimal("name = \"t\"", "name = \"t\"\nkeepalive = \"fast\"\ndeadtime = \"400ms\"");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File));
        Assert.Equal("cluster.keepalive", Assert.Single(e.Errors).Key);
        Assert.Empty(e.Warnings);
    }

    [Fact]
    public void Questionable_timers_are_warnings_with_lines()
    {
        var text = Minimal("name = \"t\"", "name = \"t\"\nkeepalive = \"2s\"\nwarntime = \"5s\"\ndeadtime = \"3s\"\ninitdead = \"4s\"");
        var c = ConfigLoader.Parse(text, File);
        Assert.Equal(
            [("cluster.warntime", 4), ("cluster.deadtime", 5), ("cluster.initdead", 6)],
            c.Warnings.Select(w => (w.Key!, w.Line)));
        Assert.All(c.Warnings, w => Assert.Equal(ConfigSeverity.Warning, w.Severity));
        Assert.StartsWith("t.toml:4: warning: cluster.warntime: warntime (5s) is not shorter than deadtime (3s)", c.Warnings[0].ToString());
        Assert.Contains("one lost heartbeat", c.Warnings[1].Message);
        Assert.Contains("initdead (4s) is less than 2 × deadtime (3s)", c.Warnings[2].Message);

        var early = ConfigLoader.Parse(Minimal("name = \"t\"", "name = \"t\"\nwarntime = \"500ms\""), File);
        Assert.Contains("every heartbeat would be late", Assert.Single(early.Warnings).Message);
    }

    [Fact]
    public void Warnings_travel_with_errors()
    {
        var text = Minimal("name = \"t\"", "name = \"t\"\nwarntime = \"9s\"\nbogus = 1");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File));
        Assert.Equal("cluster.bogus", Assert.Single(e.Errors).Key);
        Assert.Equal("cluster.warntime", Assert.Single(e.Warnings).Key);
        Assert.DoesNotContain("warning", e.Message);
    }

    [Fact]
    public void All_errors_are_collected_in_line_order()
    {
        var text = """
            [cluster]
            name = "db"
            keepalive = "fast"
            auto_failback = "no"

            [nodes.a]
            heartbeat = ["10.0.0.1:694"]
            contol_socket = "/run/a.sock"

            [nodes.b]
            heartbeat = ["10.0.0.2"]

            [volumes.r0]
            protocol = "X"
            size = "10GB"

            [volumes.r0.on.a]
            disk = "/dev/vdb"
            address = "10.0.0.1:7788"

            [volumes.r0.on.c]
            disk = "/dev/vdb"

            [[groups]]
            name = "g"
            preferred = "z"
            """;
        var errors = Errors(text);
        Assert.Equal(
            [
                (3, "cluster.keepalive"),
                (4, "cluster.auto_failback"),
                (8, "nodes.a.contol_socket"),
                (11, "nodes.b.heartbeat"),
                (14, "volumes.r0.protocol"),
                (15, "volumes.r0.size"),
                (17, "volumes.r0.on.b"),
                (21, "volumes.r0.on.c"),
                (26, "groups[0].preferred"),
            ],
            errors.Select(e => (e.Line, e.Key!)));
        Assert.Equal(errors.Count, e_lines(Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Message));
        Assert.Contains("did you mean \"control_socket\"?", errors[2].Message);

        static int e_lines(string message) => message.Split('\n').Length;
    }

    [Fact]
    public void Error_count_is_capped()
    {
        var text = ConfigSamples.Minimal.Replace("[volumes.r0]\n", "[volumes.r0]\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"junk{i} = 1\n")));
        var errors = Errors(text);
        Assert.Equal(ConfigDiagnosticsLimit + 1, errors.Count);
        Assert.Equal("... and 150 more errors", errors[^1].Message);
    }

    const int ConfigDiagnosticsLimit = 50;
}
