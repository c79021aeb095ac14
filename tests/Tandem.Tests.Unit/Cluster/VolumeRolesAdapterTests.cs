using Tandem.Cluster;
using Tandem.Resources.Agents;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Cluster;

public class VolumeRolesAdapterTests
{
    [Fact]
    public void The_volume_monitor_is_ok_only_for_a_primary_with_a_usable_disk()
    {
        var primary = VolumeState.Down with { Up = true, Role = Role.Primary, Disk = DiskState.UpToDate };
        Assert.Equal(AgentOutcome.Ok, VolumeRolesAdapter.Check("r0", primary).Outcome);
        Assert.Equal(AgentOutcome.NotRunning, VolumeRolesAdapter.Check("r0", VolumeState.Down).Outcome);
        Assert.Equal(AgentOutcome.NotRunning, VolumeRolesAdapter.Check("r0", primary with { Role = Role.Secondary }).Outcome);
        var failed = VolumeRolesAdapter.Check("r0", primary with { Disk = DiskState.Failed });
        Assert.Equal(AgentOutcome.Failed, failed.Outcome);
        Assert.Equal("r0 is Primary but its disk is Failed", failed.Reason);
    }
}
