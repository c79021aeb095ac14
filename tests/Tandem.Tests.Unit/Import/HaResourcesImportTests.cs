using Tandem.Config;
using Tandem.Config.Import;

namespace Tandem.Tests.Unit.Import;

/// <summary>haresources: lines, continuations, and how each resource is carried over.</summary>
public class HaResourcesImportTests
{
    const string TwoNodes = "node db1 db2\nucast eth0 db1\nucast eth0 db2\n";

    const string Drbd = """
        resource r0 {
          device /dev/drbd0;
          on db1 { disk /dev/sdb1; address 10.0.0.1:7788; meta-disk internal; }
          on db2 { disk /dev/sdb1; address 10.0.0.2:7788; meta-disk internal; }
        }
        resource web {
          on db1 { device minor 3; disk /dev/sdc1; address 10.0.0.1:7789; meta-disk internal; }
          on db2 { device minor 3; disk /dev/sdc1; address 10.0.0.2:7789; meta-disk internal; }
        }

        """;

    static TandemConfig Load(ImportResult r) => ConfigLoader.Parse(r.Toml, "t.toml");

    [Fact]
    public void Lines_continue_after_a_backslash_and_comments_are_skipped()
    {
        var diag = new ImportDiagnostics();
        var lines = HaResourcesReader.Read(new ImportFile("haresources", "# groups\n\ndb1 IPaddr::10.0.0.9 \\\n   drbddisk::r0 # the disk\ndb2 apache\n"), diag);
        Assert.Equal(2, lines.Count);
        Assert.Equal(new SourceLine("haresources", 3), lines[0].At);
        Assert.Equal(["IPaddr::10.0.0.9", "drbddisk::r0"], lines[0].Resources);
        Assert.Equal("db2", lines[1].Node);
    }

    [Fact]
    public void Each_line_is_a_group_with_drbd_devices_mapped_to_volumes()
    {
        var r = new ImportFiles().Add("ha.cf", TwoNodes).Add("drbd.conf", Drbd).Add("haresources", """
            db1 10.0.0.9/24/eth0 drbddisk::r0 Filesystem::/dev/drbd0::/data::ext4::noatime mysql
            db2 IPaddr2::10.0.0.10/24/eth0 drbddisk::web Filesystem::/dev/drbd3::/srv/www::xfs apache LVM::vg0 MailTo::ops@example.com,dba@example.com::web
            db1 Filesystem::/dev/drbd/by-res/r0::/mnt::ext4 custom-script::arg1::arg2

            """).Import();
        var g = Load(r).Groups;
        Assert.Equal(["mysql", "apache", "custom-script"], g.Select(x => x.Name));
        Assert.Equal(["IPaddr::10.0.0.9/24/eth0", "volume::r0", "Filesystem::/dev/tandem/r0::/data::ext4::noatime", "/etc/init.d/mysql"], g[0].Resources);
        Assert.Equal("db2", g[1].Preferred);
        Assert.Equal(["IPaddr2::10.0.0.10/24/eth0", "volume::web", "Filesystem::/dev/tandem/web::/srv/www::xfs", "apache", "LVM::vg0"], g[1].Resources);
        Assert.Equal(["ops@example.com", "dba@example.com"], Load(r).Notify.EmailTo);
        Assert.Equal(["Filesystem::/dev/tandem/r0::/mnt::ext4", "custom-script::arg1::arg2"], g[2].Resources);
        var w = r.Warnings.Select(x => x.ToString()).ToList();
        Assert.Contains(w, x => x.StartsWith("haresources:1: warning: mysql: imported as the init script /etc/init.d/mysql", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("haresources:2: warning: MailTo::ops@example.com,dba@example.com::web: moved to [notify] email_to", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bare_drbddisk_means_every_resource()
    {
        var r = new ImportFiles().Add("ha.cf", TwoNodes).Add("drbd.conf", Drbd).Add("haresources", "db1 drbddisk Filesystem::/dev/drbd3::/srv::ext4\n").Import();
        Assert.Equal(["volume::r0", "volume::web", "Filesystem::/dev/tandem/web::/srv::ext4"], Load(r).Groups[0].Resources);
    }

    [Fact]
    public void Group_names_stay_unique()
    {
        var r = new ImportFiles().Add("ha.cf", TwoNodes).Add("haresources", "db1 10.0.0.9 mysqld\ndb2 10.0.0.10 mysqld\ndb2 10.0.0.11\n").Import();
        Assert.Equal(["mysql", "mysql-2", "group"], Load(r).Groups.Select(x => x.Name));
    }

    [Fact]
    public void Without_the_drbd_config_the_volume_names_are_kept_and_the_gap_is_reported()
    {
        var r = new ImportFiles().Add("ha.cf", TwoNodes).Add("haresources", "db1 drbddisk::r0 Filesystem::/dev/drbd0::/data::ext4 drbddisk\n").Import();
        Assert.Null(r.Config);
        Assert.Contains("\"volume::r0\",", r.Toml);
        Assert.Contains("\"Filesystem::/dev/drbd0::/data::ext4\",", r.Toml);
        var w = r.Warnings.Select(x => x.ToString()).ToList();
        Assert.Contains(w, x => x.StartsWith("haresources:1: warning: Filesystem::/dev/drbd0::/data::ext4: /dev/drbd0 is no device of the DRBD config given", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("haresources:1: warning: drbddisk means every DRBD resource, but no DRBD config was given", StringComparison.Ordinal));
        Assert.Contains(w, x => x.Contains("the output is not a complete config yet") && x.Contains("volume::r0"));
    }

    [Fact]
    public void Malformed_lines_and_unknown_nodes_are_errors()
    {
        Assert.StartsWith("haresources:2: a haresources line starts with the node that prefers the group",
            new ImportFiles().Add("haresources", "\nIPaddr::10.0.0.9 db1\n").Fails());
        Assert.Equal("haresources:1: node db3 is not a node of ha.cf (db1, db2)",
            new ImportFiles().Add("ha.cf", TwoNodes).Add("haresources", "db3 10.0.0.9\n").Fails());
        Assert.StartsWith("haresources:1: drbddisk::nope: no resource nope in the DRBD config (resources: r0, web)",
            new ImportFiles().Add("ha.cf", TwoNodes).Add("drbd.conf", Drbd).Add("haresources", "db1 drbddisk::nope\n").Fails());
        Assert.StartsWith("haresources:1: the last line ends with a backslash",
            new ImportFiles().Add("haresources", "db1 10.0.0.9 \\").Fails());
    }
}
