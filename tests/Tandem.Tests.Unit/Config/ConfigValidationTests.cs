using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class ConfigValidationTests
{
    const string File = "/etc/tandem/tandem.toml";

    static IReadOnlyList<ConfigError> Errors(string text) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Errors;

    /// <summary>1-based line of the first line containing <paramref name="marker"/>.</summary>
    static int LineOf(string text, string marker) =>
        1 + text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(marker)).i;

    static ConfigError Single(string text, string key)
    {
        var errors = Errors(text);
        var error = Assert.Single(errors);
        Assert.Equal(key, error.Key);
        Assert.Equal(File, error.File);
        return error;
    }

    static string Minimal(string find, string replace)
    {
        Assert.Contains(find, ConfigSamples.Minimal);
        return ConfigSamples.Minimal.Replace(find, replace);
    }

    [Fact]
    public void Unknown_key_suggests_the_closest_known_key()
    {
        var text = Minimal("heartbeat = [\"10.0.0.1:694\"]", "heartbeat = [\"10.0.0.1:694\"]\nhearbeat = 1");
        var e = Single(text, "nodes.a.hearbeat");
        Assert.Equal(LineOf(text, "hearbeat"), e.Line);
        Assert.Equal($"{File}:6: nodes.a.hearbeat: unknown key; did you mean \"heartbeat\"?", e.ToString());
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_accepted_keys()
    {
        var e = Single(Minimal("name = \"t\"", "name = \"t\"\ncolour = \"red\""), "cluster.colour");
        Assert.Contains("[cluster] accepts name, auth_key_file, keepalive, warntime, deadtime, initdead, auto_failback", e.Message);
    }

    [Fact]
    public void Unknown_top_level_section_suggests_the_right_one()
    {
        var text = ConfigSamples.Minimal + "\n[volume.r1]\n";
        var e = Single(text, "volume");
        Assert.Equal(LineOf(text, "[volume.r1]"), e.Line);
        Assert.Contains("did you mean \"volumes\"?", e.Message);
    }

    [Theory]
    [InlineData("name = \"t\"", "name = 5", "cluster.name", "expected a string in quotes, found an integer")]
    [InlineData("name = \"t\"", "name = \"t\"\nauto_failback = \"yes\"", "cluster.auto_failback", "expected true or false, found a string")]
    [InlineData("name = \"t\"", "name = \"t\"\nkeepalive = 2", "cluster.keepalive", "write \"2s\" for seconds")]
    [InlineData("name = \"t\"", "name = \"t\"\ndeadtime = \"3\"", "cluster.deadtime", "has no unit")]
    [InlineData("name = \"t\"", "name = \"t\"\ninitdead = \"10 secs\"", "cluster.initdead", "unknown unit \"secs\"")]
    [InlineData("name = \"t\"", "name = \"t\"\nkeepalive = \"0ms\"", "cluster.keepalive", "must be longer than 0")]
    [InlineData("name = \"t\"", "name = \"t\"\nauth_key_file = \"authkey\"", "cluster.auth_key_file", "not an absolute path")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nprotocol = \"D\"", "volumes.r0.protocol", "\"D\" is not valid here; use \"A\", \"B\" or \"C\"")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nprotocol = \"CC\"", "volumes.r0.protocol", "use \"A\", \"B\" or \"C\"")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nprotocol = \"c\"", "volumes.r0.protocol", "did you mean \"C\"?")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nprotocol = 3", "volumes.r0.protocol", "found an integer")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nsize = \"30GB\"", "volumes.r0.size", "write \"30GiB\"")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nsize = \"big\"", "volumes.r0.size", "(or \"auto\")")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nsize = 1000", "volumes.r0.size", "not a multiple of 4KiB")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nsize = -4096", "volumes.r0.size", "cannot be negative")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nsize = \"0\"", "volumes.r0.size", "must be larger than 0")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nresync_rate = \"0\"", "volumes.r0.resync_rate", "must be larger than 0")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nresync_rate = true", "volumes.r0.resync_rate", "found a boolean")]
    [InlineData("[volumes.r0]", "[volumes.r0]\ntcp_congestion = \"BBR v2\"", "volumes.r0.tcp_congestion", "not a TCP congestion control name")]
    [InlineData("[volumes.r0]", "[volumes.r0]\ntcp_congestion = \"\"", "volumes.r0.tcp_congestion", "or \"system\" for the host's default")]
    [InlineData("[volumes.r0]", "[volumes.r0]\ntcp_congestion = \"a-name-longer-than-15\"", "volumes.r0.tcp_congestion", "/proc/sys/net/ipv4/tcp_available_congestion_control")]
    [InlineData("[volumes.r0]", "[volumes.r0]\ntcp_congestion = 1", "volumes.r0.tcp_congestion", "expected a string")]
    [InlineData("[volumes.r0]", "[volumes.r0]\non_io_error = \"detatch\"", "volumes.r0.on_io_error", "did you mean \"detach\"?")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nafter_sb_0pri = \"discard-random\"", "volumes.r0.after_sb_0pri", "use \"disconnect\", \"discard-zero-changes\"")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nafter_sb_1pri = \"discard-secondry\"", "volumes.r0.after_sb_1pri", "did you mean \"discard-secondary\"?")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nafter_sb_2pri = \"consensus\"", "volumes.r0.after_sb_2pri", "use \"disconnect\"")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nfencing = \"resource-and-stonith\"", "volumes.r0.fencing", "use \"resource-only\" or \"dont-care\"")]
    [InlineData("[volumes.r0]", "[volumes.r0]\nfencing = \"dont_care\"", "volumes.r0.fencing", "did you mean \"dont-care\"?")]
    [InlineData("disk = \"/dev/vdb\"\naddress = \"10.0.0.1:7788\"", "disk = \"vdb\"\naddress = \"10.0.0.1:7788\"", "volumes.r0.on.a.disk", "not an absolute path")]
    [InlineData("address = \"10.0.0.1:7788\"", "address = \"10.0.0.1\"", "volumes.r0.on.a.address", "has no port")]
    [InlineData("address = \"10.0.0.1:7788\"", "address = \"10.0.0.1:77880\"", "volumes.r0.on.a.address", "from 1 to 65535")]
    [InlineData("address = \"10.0.0.1:7788\"", "address = \"10.0.0.1:7788\"\nmeta_disk = \"/dev/vdb\"", "volumes.r0.on.a.meta_disk", "same as disk")]
    [InlineData("address = \"10.0.0.1:7788\"", "address = \"10.0.0.1:7788\"\nmeta_disk = \"meta\"", "volumes.r0.on.a.meta_disk", "not an absolute path")]
    [InlineData("address = \"10.0.0.1:7788\"", "address = \"10.0.0.1:7788\"\nnbd_socket = \"r0.nbd\"", "volumes.r0.on.a.nbd_socket", "not an absolute path")]
    [InlineData("heartbeat = [\"10.0.0.1:694\"]", "heartbeat = [\"10.0.0.1\"]", "nodes.a.heartbeat", "has no port; write host:port, such as \"10.0.0.1:694\"")]
    [InlineData("heartbeat = [\"10.0.0.1:694\"]", "heartbeat = [\"10.0.0.1:694\", 694]", "nodes.a.heartbeat", "expected each element to be a string")]
    [InlineData("heartbeat = [\"10.0.0.1:694\"]", "heartbeat = \"10.0.0.1:694\"", "nodes.a.heartbeat", "expected an array of strings")]
    [InlineData("heartbeat = [\"10.0.0.1:694\"]", "heartbeat = [\"10.0.0.1:694\"]\ncontrol_socket = \"tandem.sock\"", "nodes.a.control_socket", "not an absolute path")]
    public void Bad_values_name_their_line_and_key(string find, string replace, string key, string message)
    {
        var text = Minimal(find, replace);
        var e = Single(text, key);
        Assert.Contains(message, e.Message);
        var lastKey = key.Split('.')[^1];
        Assert.Equal(LineOf(text[text.IndexOf(replace, StringComparison.Ordinal)..], lastKey) + LineOf(text, replace.Split('\n')[0]) - 1, e.Line);
    }

    [Fact]
    public void Single_letter_values_get_no_far_fetched_suggestion()
    {
        var e = Single(Minimal("[volumes.r0]", "[volumes.r0]\nprotocol = \"D\""), "volumes.r0.protocol");
        Assert.EndsWith("use \"A\", \"B\" or \"C\"", e.Message);
    }

    [Fact]
    public void Missing_required_keys_name_the_section_line()
    {
        var text = Minimal("name = \"t\"", "").Replace("disk = \"/dev/vdb\"\naddress = \"10.0.0.2:7788\"", "");
        var errors = Errors(text);
        Assert.Equal(3, errors.Count);
        Assert.Equal(("cluster.name", 1), (errors[0].Key, errors[0].Line));
        Assert.Contains("missing in [cluster]; add name = ", errors[0].Message);
        var line = LineOf(text, "[volumes.r0.on.b]");
        Assert.Equal(("volumes.r0.on.b.disk", line), (errors[1].Key, errors[1].Line));
        Assert.Equal(("volumes.r0.on.b.address", line), (errors[2].Key, errors[2].Line));
        Assert.Contains("add address = \"IP:7788\"", errors[2].Message);
    }

    [Fact]
    public void Empty_file_says_what_is_missing()
    {
        var errors = Errors("# nothing yet\n");
        Assert.Equal(["cluster", "nodes"], errors.Select(e => e.Key));
        Assert.All(errors, e => Assert.Equal(0, e.Line));
        Assert.StartsWith($"{File}: cluster: missing [cluster] section", errors[0].ToString());
    }

    [Fact]
    public void Cluster_of_the_wrong_type_is_one_error()
    {
        var e = Single(Minimal("[cluster]\nname = \"t\"", "cluster = \"t\""), "cluster");
        Assert.Contains("expected a table: [cluster], found a string", e.Message);
    }
}
