using Tandem.Config;
using Tandem.Config.Import;

namespace Tandem.Tests.Unit.Import;

/// <summary>drbd.conf: includes, common inheritance, 8.3 and 8.4 syntax, policies, and malformed files.</summary>
public class DrbdImportTests
{
    static ImportFiles Layout84() => new ImportFiles()
        .Add("/etc/drbd.conf", DrbdSamples.MainConf)
        .Add("/etc/drbd.d/global_common.conf", DrbdSamples.GlobalCommon)
        .Add("/etc/drbd.d/mysql.res", DrbdSamples.MysqlRes)
        .Add("/etc/drbd.d/www.res", DrbdSamples.WwwRes)
        .Add("/etc/drbd.d/old.res.disabled", "this is not drbd syntax {");

    static TandemConfig Load(ImportResult r) => ConfigLoader.Parse(r.Toml, "t.toml");

    static List<string> Warnings(ImportResult r) => [.. r.Warnings.Select(w => w.ToString())];

    [Fact]
    public void Includes_are_followed_and_resources_inherit_common()
    {
        var r = Layout84().Import("/etc/drbd.conf");
        var c = Load(r);
        Assert.Equal(["db1", "db2"], c.Nodes.Keys);
        Assert.Equal(["mysql", "www"], c.Volumes.Keys);

        var mysql = c.Volumes["mysql"];
        Assert.Equal(ReplicationProtocol.C, mysql.Protocol);
        Assert.Equal(40L << 20, mysql.ResyncRate);
        Assert.Equal(OnIoError.Detach, mysql.OnIoError);
        Assert.Equal(AfterSb0Pri.DiscardZeroChanges, mysql.AfterSb0Pri);
        Assert.Equal(AfterSb1Pri.DiscardSecondary, mysql.AfterSb1Pri);
        Assert.Equal(AfterSb2Pri.Disconnect, mysql.AfterSb2Pri);
        Assert.Equal(new VolumeNodeOptions { Node = "db2", Disk = "/dev/vg0/mysql", MetaDisk = "internal", Address = "10.10.0.2:7789", NbdSocket = "/run/tandem/mysql.nbd" }, mysql.OnNode("db2"));

        var www = c.Volumes["www"];
        Assert.Equal(ReplicationProtocol.A, www.Protocol);
        Assert.Equal(10L << 20, www.ResyncRate);
        Assert.Equal(2L << 30, www.Size);
        Assert.Equal(OnIoError.PassOn, www.OnIoError);
        Assert.Equal(AfterSb0Pri.DiscardZeroChanges, www.AfterSb0Pri);
        Assert.Equal("/dev/sdd1", www.OnNode("db1").MetaDisk);
        Assert.Equal("/dev/sdd1", www.OnNode("db2").MetaDisk);

        // No ha.cf: the heartbeat runs over the first volume's replication network.
        Assert.Equal(["10.10.0.1:694"], c.Nodes["db1"].Heartbeat);
        Assert.Equal(["10.10.0.2:694"], c.Nodes["db2"].Heartbeat);

        var w = Warnings(r);
        Assert.Contains(w, x => x.StartsWith("/etc/drbd.d/global_common.conf:2: warning: global usage-count", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("/etc/drbd.d/global_common.conf:8: warning: split-brain /usr/lib/drbd/notify-split-brain.sh root: not imported; handlers are not run", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("/etc/drbd.d/global_common.conf:11: warning: wfc-timeout 15: not imported", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("/etc/drbd.d/global_common.conf:11: warning: degr-wfc-timeout 60: not imported", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("/etc/drbd.d/www.res:8: warning: meta-disk index [0] dropped", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("/etc/drbd.d/mysql.res:1: warning: no ucast lines; the heartbeat uses the replication addresses of resource mysql", StringComparison.Ordinal));
        Assert.Equal(1, w.Count(x => x.Contains("wfc-timeout 15")));
    }

    [Fact]
    public void A_drbd_8_3_file_with_several_resources_and_unsupported_policies()
    {
        var r = new ImportFiles().Add("drbd.conf", DrbdSamples.Drbd83).Import();
        var c = Load(r);
        Assert.Equal(["alice", "bob"], c.Nodes.Keys);
        var r0 = c.Volumes["r0"];
        Assert.Equal(ReplicationProtocol.C, r0.Protocol);
        Assert.Equal(100L << 20, r0.ResyncRate);
        Assert.Equal(AfterSb0Pri.DiscardYoungerPrimary, r0.AfterSb0Pri);
        Assert.Equal(AfterSb1Pri.Consensus, r0.AfterSb1Pri);
        Assert.Equal(AfterSb2Pri.Disconnect, r0.AfterSb2Pri);
        var r1 = c.Volumes["r1"];
        Assert.Equal(ReplicationProtocol.B, r1.Protocol);
        Assert.Equal(33000L * 1024, r1.ResyncRate);
        Assert.Equal("/dev/sdb2", r1.OnNode("alice").MetaDisk);

        var w = Warnings(r);
        Assert.Contains(w, x => x.StartsWith("drbd.conf:12: warning: after-sb-2pri violently-as0p: not supported by Tandem here; imported as disconnect", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("drbd.conf:13: warning: allow-two-primaries: not imported; Tandem allows one Primary at a time", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("drbd.conf:7: warning: become-primary-on alice: not imported", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("drbd.conf:8: warning: no-disk-flushes: not imported", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("drbd.conf:4: warning: al-extents 257: not imported", StringComparison.Ordinal));
    }

    [Fact]
    public void Floating_sections_find_their_node_by_address()
    {
        var r = new ImportFiles()
            .Add("hosts", "10.0.0.1 db1.example.com db1\n10.0.0.2 db2\n")
            .Add("ha.cf", "node db1 db2\nucast eth0 10.0.0.1\nucast eth0 10.0.0.2\n")
            .Add("r0.res", "resource r0 {\n  device /dev/drbd0; disk /dev/sdb1; meta-disk internal;\n  floating ipv4 10.0.0.1:7788 { }\n  floating 10.0.0.2:7788 {\n    disk /dev/sdc1;\n  }\n}\n")
            .Import();
        var v = Load(r).Volumes["r0"];
        Assert.Equal("10.0.0.1:7788", v.OnNode("db1").Address);
        Assert.Equal("10.0.0.2:7788", v.OnNode("db2").Address);
        Assert.Equal("/dev/sdb1", v.OnNode("db1").Disk);
        Assert.Equal("/dev/sdc1", v.OnNode("db2").Disk);
    }

    [Fact]
    public void Ipv6_addresses_and_sizes_in_sectors()
    {
        var r = new ImportFiles().Add("r0.res", """
            resource r0 {
              disk { size 2097152; }
              on a { device /dev/drbd0; disk /dev/sdb1; address ipv6 [fd00::1]:7788; meta-disk internal; }
              on b { device /dev/drbd0; disk /dev/sdb1; address ipv6 [fd00::2]:7788; meta-disk internal; }
            }

            """).Import();
        var c = Load(r);
        Assert.Equal(1L << 30, c.Volumes["r0"].Size);
        Assert.Equal("[fd00::1]:7788", c.Volumes["r0"].OnNode("a").Address);
        Assert.Equal(["[fd00::1]:694"], c.Nodes["a"].Heartbeat);
    }

    [Theory]
    [InlineData("resource r0 {\n  protocol C\n  on a { disk /dev/sdb1; address 10.0.0.1:7788; }\n}\n", "r0.res:2: \"protocol C on a\" is not ended by ';'; add it")]
    [InlineData("resource r0 {\n  on a { disk /dev/sdb1; address 10.0.0.1:7788; }\n", "r0.res:1: the section \"resource r0\" opened here is never closed; add the missing '}'")]
    [InlineData("resource r0 { }\n}\n", "r0.res:2: '}' closes no section")]
    [InlineData("resource r0 {\n  protocol D;\n}\n", "r0.res:2: protocol \"D\" is not A, B or C")]
    [InlineData("resource r0 {\n  net { shared-secret \"abc; }\n}\n", "r0.res:2: a quoted string is not closed on its line")]
    [InlineData("resource r0 {\n  on a { disk none; address 10.0.0.1:7788; }\n}\n", "r0.res:2: disk none (a diskless node) has no Tandem equivalent")]
    [InlineData("resource r0 {\n  on a { disk /dev/sdb1; address 10.0.0.1; }\n}\n", "r0.res:2: address: \"10.0.0.1\" has no port")]
    [InlineData("resource r0 {\n  disk { resync-rate fast; }\n}\n", "r0.res:2: resync-rate \"fast\" is not a resync rate")]
    [InlineData("resource r0 {\n  net { after-sb-0pri flip-a-coin; }\n}\n", "r0.res:2: after-sb-0pri \"flip-a-coin\" is not a split-brain policy")]
    [InlineData("resource r0 {\n  on a { disk /dev/sdb1; address 10.0.0.1:7788; }\n  on b { disk /dev/sdb1; address 10.0.0.2:7788; }\n  on c { disk /dev/sdb1; address 10.0.0.3:7788; }\n}\n", "r0.res:1: resource r0 has 3 on/floating sections; a Tandem volume lives on exactly two nodes")]
    [InlineData("resource r0 {\n  on a { volume 0 { disk /dev/sdb1; } volume 1 { disk /dev/sdc1; } address 10.0.0.1:7788; }\n}\n", "r0.res:2: a second volume (0, 1) in one resource")]
    [InlineData("resource r0 {\n  on a { address 10.0.0.1:7788; }\n  on b { disk /dev/sdb1; address 10.0.0.2:7788; }\n}\n", "r0.res:2: r0 on a: no disk")]
    [InlineData("resource r0 {\n  disk /dev/sdb1\n  net { }\n}\n", "r0.res:2: \"disk /dev/sdb1 net\" is not ended by ';'; add it")]
    [InlineData("resource r0 {\n  floating 10.0.0.1:7788;\n}\n", "r0.res:2: expected floating ... { ... }")]
    [InlineData("frobnicate yes;\n", "r0.res:1: \"frobnicate\" cannot stand at the top of drbd.conf")]
    [InlineData("resource r/0 { }\n", "r0.res:1: resource name \"r/0\" cannot name a Tandem volume")]
    public void Malformed_files_are_errors_with_their_line(string text, string error) =>
        Assert.StartsWith(error, new ImportFiles().Add("r0.res", text).Fails());

    [Fact]
    public void A_missing_include_is_an_error_at_the_include_line_and_an_empty_glob_a_warning()
    {
        Assert.StartsWith("/etc/drbd.conf:3: include \"drbd.d/global_common.conf\": cannot read /etc/drbd.d/global_common.conf",
            new ImportFiles().Add("/etc/drbd.conf", DrbdSamples.MainConf).Fails());
        var r = new ImportFiles().Add("/etc/drbd.conf", "include \"drbd.d/*.res\";\n").Import();
        Assert.Contains(r.Warnings, w => w.ToString() == "/etc/drbd.conf:1: warning: include \"drbd.d/*.res\" matches no file (/etc/drbd.d/*.res); nothing included");
    }

    [Fact]
    public void A_file_given_twice_or_included_and_given_is_read_once()
    {
        var files = Layout84();
        var c = Load(files.Import("/etc/drbd.conf", "/etc/drbd.d/mysql.res", "/etc/drbd.conf"));
        Assert.Equal(["mysql", "www"], c.Volumes.Keys);
    }

    [Fact]
    public void A_host_unknown_to_ha_cf_is_an_error()
    {
        Assert.Equal("r0.res:2: on db3: not a node of ha.cf (db1, db2); DRBD and Heartbeat must name the nodes alike (uname -n)",
            new ImportFiles().Add("ha.cf", "node db1 db2\n").Add("r0.res", "resource r0 {\n  on db3 { disk /dev/sdb1; address 10.0.0.3:7788; }\n  on db2 { disk /dev/sdb1; address 10.0.0.2:7788; }\n}\n").Fails());
    }

    [Fact]
    public void Common_applies_whatever_the_order_the_files_come_in()
    {
        var c = Load(Layout84().Import("/etc/drbd.d/mysql.res", "/etc/drbd.d/global_common.conf"));
        Assert.Equal(40L << 20, c.Volumes["mysql"].ResyncRate);
        Assert.Equal(AfterSb0Pri.DiscardZeroChanges, c.Volumes["mysql"].AfterSb0Pri);
    }

    [Theory]
    [InlineData("/etc/ha.d/ha.cf", "", ImportFormat.HaCf)]
    [InlineData("db1-ha.cf.bak", "", ImportFormat.HaCf)]
    [InlineData("authkeys.node2", "", ImportFormat.AuthKeys)]
    [InlineData("haresources", "", ImportFormat.HaResources)]
    [InlineData("/etc/hosts", "", ImportFormat.Hosts)]
    [InlineData("/etc/drbd.d/r0.res", "", ImportFormat.Drbd)]
    [InlineData("saved-1", "# heartbeat\nkeepalive 2\n", ImportFormat.HaCf)]
    [InlineData("saved-2", "\nauth 1\n1 sha1 x\n", ImportFormat.AuthKeys)]
    [InlineData("saved-3", "resource r0 {\n", ImportFormat.Drbd)]
    [InlineData("saved-4", "db1 IPaddr::10.0.0.9 mysqld\n", ImportFormat.HaResources)]
    [InlineData("saved-5", "10.0.0.1 db1\n", ImportFormat.Hosts)]
    [InlineData("saved-6", "hello\n", null)]
    public void Files_are_recognised_by_name_then_by_content(string path, string text, ImportFormat? format) =>
        Assert.Equal(format, new ImportFile(path, text.Replace("\\n", "\n")).Detect());

    [Fact]
    public void Skip_comments_out_a_section()
    {
        var c = Load(new ImportFiles().Add("drbd.conf", "skip resource old { this is ignored; }\n" + DrbdSamples.MysqlRes).Import());
        Assert.Equal(["mysql"], c.Volumes.Keys);
    }
}
