using System.Net;
using Tandem.Resources.Specs;

namespace Tandem.Tests.Unit.Resources;

public class ResourceSpecParserTests
{
    static T Parse<T>(string text) where T : ResourceSpec => Assert.IsType<T>(ResourceSpecParser.Parse(text));

    static string Error(string text)
    {
        Assert.False(ResourceSpecParser.TryParse(text, out var spec, out var error), $"\"{text}\" parsed as {spec}");
        return error!;
    }

    [Fact]
    public void IPaddr_with_bits_and_nic()
    {
        var ip = Parse<IpAddressSpec>("IPaddr::192.168.0.88/24/eth1");
        Assert.Equal(IPAddress.Parse("192.168.0.88"), ip.Address);
        Assert.Equal(24, ip.PrefixLength);
        Assert.Equal("eth1", ip.Interface);
        Assert.Null(ip.Label);
        Assert.Equal("IPaddr::192.168.0.88/24/eth1", ip.Id);
    }

    [Theory]
    [InlineData("192.168.0.88", null, null)]
    [InlineData("192.168.0.88/24", 24, null)]
    [InlineData("192.168.0.88/24/eth1", 24, "eth1")]
    [InlineData("IPaddr::192.168.0.88", null, null)]
    [InlineData("IPaddr2::192.168.0.88//eth0", null, "eth0")]
    [InlineData("IPaddr::192.168.0.88/255.255.255.0/eth0", 24, "eth0")]
    public void IPaddr_bits_and_nic_are_optional_and_a_bare_address_is_shorthand(string text, int? bits, string? nic)
    {
        var ip = Parse<IpAddressSpec>(text);
        Assert.Equal(IPAddress.Parse("192.168.0.88"), ip.Address);
        Assert.Equal(bits, ip.PrefixLength);
        Assert.Equal(nic, ip.Interface);
    }

    [Fact]
    public void IPaddr_label_and_broadcast()
    {
        var ip = Parse<IpAddressSpec>("IPaddr::10.0.0.5/8/eth0:1/10.255.255.255");
        Assert.Equal("eth0", ip.Interface);
        Assert.Equal("eth0:1", ip.Label);
        Assert.Equal(IPAddress.Parse("10.255.255.255"), ip.Broadcast);
    }

    [Theory]
    [InlineData("IPaddr::192.168.0.300/24", "is not an IPv4 address")]
    [InlineData("IPaddr::192.168.0/24", "is not an IPv4 address")]
    [InlineData("IPaddr::192.168.0.010", "without leading zeros")]
    [InlineData("IPaddr::192.168.0.88/33", "must be a number from 1 to 32")]
    [InlineData("IPaddr::192.168.0.88/0", "must be a number from 1 to 32")]
    [InlineData("IPaddr::192.168.0.88/255.0.255.0", "not contiguous")]
    [InlineData("IPaddr::192.168.0.0/24", "network address of 192.168.0.0/24")]
    [InlineData("IPaddr::192.168.0.255/24", "broadcast address")]
    [InlineData("IPaddr::224.0.0.1", "multicast")]
    [InlineData("IPaddr::0.1.2.3", "cannot be a service address")]
    [InlineData("IPaddr::192.168.0.88/24/eth1/x/y", "too many parts")]
    [InlineData("IPaddr::192.168.0.88/24/averyveryverylongnic", "not a network interface name")]
    [InlineData("IPaddr::192.168.0.88/24/eth1:", "not an interface label")]
    [InlineData("IPaddr::", "needs an argument")]
    [InlineData("IPaddr", "needs an argument")]
    [InlineData("IPaddr::192.168.0.88::eth1", "takes one argument")]
    [InlineData("192.168.0.88::eth1", "takes no \"::\" arguments")]
    [InlineData("IPaddr::fe80:0:0:0:0:0:0:1", "IPv4 addresses only")]
    public void Bad_IPaddr_strings_say_what_to_write(string text, string expected)
    {
        Assert.Contains(expected, Error(text));
    }

    [Fact]
    public void Volume()
    {
        Assert.Equal("r0", Parse<VolumeSpec>("volume::r0").Volume);
        Assert.Contains("is not a volume name", Error("volume::../r0"));
        Assert.Contains("takes one argument", Error("volume::r0::r1"));
    }

    [Theory]
    [InlineData("Filesystem::/dev/tandem/r0::/data::ext4", "/dev/tandem/r0", "/data", "ext4", null)]
    [InlineData("Filesystem::/dev/sdb1::/srv/data/::xfs::noatime,nodiratime", "/dev/sdb1", "/srv/data", "xfs", "noatime,nodiratime")]
    [InlineData("Filesystem::/dev/sdb1::/data", "/dev/sdb1", "/data", null, null)]
    [InlineData("Filesystem::UUID=1234-abcd::/data::ext4", "UUID=1234-abcd", "/data", "ext4", null)]
    [InlineData("Filesystem::nas:/export::/mnt/nas::nfs", "nas:/export", "/mnt/nas", "nfs", null)]
    public void Filesystem(string text, string device, string dir, string? fstype, string? options)
    {
        var fs = Parse<FilesystemSpec>(text);
        Assert.Equal((device, dir, fstype, options), (fs.Device, fs.Directory, fs.FsType, fs.Options));
    }

    [Theory]
    [InlineData("Filesystem::/dev/sdb1", "needs a device and a mount point")]
    [InlineData("Filesystem::sdb1::/data::ext4", "must be an absolute path")]
    [InlineData("Filesystem::/dev/sdb1::data::ext4", "must be an absolute directory")]
    [InlineData("Filesystem::/dev/sdb1::/::ext4", "cannot be /")]
    [InlineData("Filesystem::/dev/sdb1::/data/../etc::ext4", "plain path")]
    [InlineData("Filesystem::/dev/sdb1::/data::EXT4", "is not a filesystem type")]
    [InlineData("Filesystem::/dev/sdb1::/data::ext4::", "comma-separated list")]
    [InlineData("Filesystem::/dev/sdb1::/data::ext4::a::b", "found 5 arguments")]
    public void Bad_Filesystem_strings(string text, string expected)
    {
        Assert.Contains(expected, Error(text));
    }

    [Fact]
    public void Mysql_is_parsed_with_the_agent_options()
    {
        var m = Parse<MySqlSpec>("mysql::/etc/mysql/my.cnf::heartbeat=on");
        Assert.Equal("/etc/mysql/my.cnf", m.Options.CnfPath);
        Assert.True(m.Options.Heartbeat);
        Assert.Contains("absolute path", Error("mysql::my.cnf"));
        Assert.Contains("is not understood", Error("mysql::/etc/mysql/my.cnf::colour=red"));
    }

    [Fact]
    public void Ocf_agent_with_parameters()
    {
        var o = Parse<OcfSpec>("ocf:heartbeat:Dummy::state=/run/d.state::fake=a=b");
        Assert.Equal(("heartbeat", "Dummy"), (o.Provider, o.Type));
        Assert.Equal([new("state", "/run/d.state"), new("fake", "a=b")], o.Parameters);
        Assert.Empty(Parse<OcfSpec>("ocf:pacemaker:ping").Parameters);
    }

    [Theory]
    [InlineData("ocf:heartbeat", "write ocf:PROVIDER:TYPE")]
    [InlineData("ocf:heartbeat:Dummy:x", "write ocf:PROVIDER:TYPE")]
    [InlineData("ocf:heart beat:Dummy", "write ocf:PROVIDER:TYPE")]
    [InlineData("ocf:heartbeat:Dummy::state", "must be key=value")]
    [InlineData("ocf:heartbeat:Dummy::=x", "must be key=value")]
    [InlineData("ocf:heartbeat:Dummy::a-b=x", "must be key=value")]
    [InlineData("ocf:heartbeat:Dummy::a=1::a=2", "given twice")]
    [InlineData("ocf::Dummy", "single colon")]
    public void Bad_ocf_strings(string text, string expected)
    {
        Assert.Contains(expected, Error(text));
    }

    [Fact]
    public void Systemd_unit()
    {
        Assert.Equal("nginx.service", Parse<SystemdSpec>("systemd:nginx.service").Unit);
        Assert.Contains("take no \"::\" arguments", Error("systemd:nginx::x"));
        Assert.Contains("is not a systemd unit name", Error("systemd:"));
        Assert.Contains("single colon", Error("systemd::nginx"));
    }

    [Fact]
    public void Scripts_by_name_or_absolute_path()
    {
        var s = Parse<ScriptSpec>("httpd");
        Assert.Equal(("httpd", 0, false), (s.Name, s.Arguments.Count, s.IsPath));
        var hb = Parse<ScriptSpec>("drbddisk::r0");
        Assert.Equal(["r0"], hb.Arguments);
        var path = Parse<ScriptSpec>("/usr/local/lib/ha/svc::a::b");
        Assert.True(path.IsPath);
        Assert.Equal(["a", "b"], path.Arguments);
    }

    [Theory]
    [InlineData("lib/svc", "bare name")]
    [InlineData("..", "bare name")]
    [InlineData("/usr/lib/../svc", "not a plain path")]
    [InlineData("svc::a::::b", "argument 2 of svc is empty")]
    [InlineData("svc::", "argument 1 of svc is empty")]
    [InlineData("lsb:svc", "unknown resource class")]
    [InlineData("my svc", "cannot contain spaces")]
    [InlineData("", "cannot be empty")]
    [InlineData("   ", "cannot be empty")]
    [InlineData("svc::a\nb", "control characters")]
    [InlineData("::a", "starts with its agent or script name")]
    public void Bad_script_strings(string text, string expected)
    {
        Assert.Contains(expected, Error(text));
    }

    [Fact]
    public void Overlong_strings_are_refused_before_any_work()
    {
        Assert.Contains("limited to", Error("x::" + new string('a', ResourceSpecParser.MaxLength)));
    }

    [Fact]
    public void A_script_named_like_a_built_in_is_flagged_as_a_likely_typo()
    {
        Assert.Equal("IPaddr", ResourceSpecParser.SuggestBuiltIn(Parse<ScriptSpec>("IPadr::10.0.0.1")));
        Assert.Equal("Filesystem", ResourceSpecParser.SuggestBuiltIn(Parse<ScriptSpec>("filesystem::/dev/a::/b")));
        Assert.Null(ResourceSpecParser.SuggestBuiltIn(Parse<ScriptSpec>("apache2")));
    }

    [Fact]
    public void Hostile_strings_never_throw_anything_but_a_spec_error()
    {
        var rng = new Random(7);
        const string alphabet = "IPadrvolumeFsystmqlocf:/.:=0123456789 \t\u0000\u00e9";
        for (var i = 0; i < 5000; i++)
        {
            var text = new string([.. Enumerable.Range(0, rng.Next(0, 40)).Select(_ => alphabet[rng.Next(alphabet.Length)])]);
            ResourceSpecParser.TryParse(text, out _, out _);
        }
    }
}
