using Tandem.Config;
using Tandem.Config.Import;

namespace Tandem.Tests.Unit.Import;

/// <summary>drbd.conf's <c>fencing</c> becomes the volume's <c>fencing</c>; its fence-peer handler is not needed.</summary>
public class DrbdFencingImportTests
{
    static string Resource(string options) =>
        $"resource r0 {{\n  {options}\n  on a {{ disk /dev/sdb1; address 10.0.0.1:7788; }}\n  on b {{ disk /dev/sdb1; address 10.0.0.2:7788; }}\n}}\n";

    [Theory]
    [InlineData("disk { fencing resource-only; }", FencingPolicy.ResourceOnly)]
    [InlineData("net { fencing resource-only; }", FencingPolicy.ResourceOnly)]   // DRBD 9 moved it to net
    [InlineData("disk { fencing dont-care; }", FencingPolicy.DontCare)]
    [InlineData("disk { fencing resource-and-stonith; }", FencingPolicy.ResourceOnly)]
    [InlineData("disk { on-io-error detach; }", FencingPolicy.ResourceOnly)]  // not set: Tandem's default
    public void Fencing_is_carried_over(string options, FencingPolicy expected)
    {
        var r = new ImportFiles().Add("r0.res", Resource(options)).Import();
        Assert.Equal(expected, ConfigLoader.Parse(r.Toml, "t.toml").Volumes["r0"].Fencing);
        Assert.Equal(options.Contains("fencing"), r.Toml.Contains("fencing = "));
    }

    [Fact]
    public void Stonith_is_named_as_not_carried_over_and_the_fence_peer_handler_as_not_needed()
    {
        var r = new ImportFiles().Add("r0.res", Resource(
            "disk { fencing resource-and-stonith; }\n  handlers { fence-peer \"/usr/lib/drbd/crm-fence-peer.sh\"; }")).Import();
        var w = r.Warnings.Select(x => x.ToString()).ToList();
        Assert.Contains(w, x => x.StartsWith("r0.res:2: warning: fencing resource-and-stonith: Tandem has no STONITH; imported as resource-only", StringComparison.Ordinal));
        Assert.Contains(w, x => x.StartsWith("r0.res:3: warning:", StringComparison.Ordinal) && x.Contains("asks the peer over heartbeat to outdate its copy itself"));
    }

    [Fact]
    public void An_unknown_fencing_policy_is_an_error_with_its_line() =>
        Assert.StartsWith("r0.res:2: fencing \"stonith-only\" is not dont-care, resource-only or resource-and-stonith",
            new ImportFiles().Add("r0.res", Resource("disk { fencing stonith-only; }")).Fails());
}
