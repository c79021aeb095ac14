using Tandem.Config;
using Tandem.Tests.Simulation.Sim;
using Tandem.Volume;

namespace Tandem.Tests.Simulation;

/// <summary>Single scripted stories on the simulator, each checking one behaviour precisely.</summary>
public class ReplicationScenarioTests
{
    static SimCluster Quiet(int seed, ReplicationProtocol protocol = ReplicationProtocol.C, bool checksum = false)
    {
        var c = new SimCluster(seed, protocol, checksum);
        c.Bootstrap();
        c.S.RunFor(TimeSpan.FromMilliseconds(200));
        c.Workload.Running = false;
        c.S.RunUntil(() => c.Workload.Outstanding == 0, TimeSpan.FromSeconds(2));
        c.S.RunFor(TimeSpan.FromMilliseconds(100));
        return c;
    }

    [Fact]
    public void Online_verify_finds_exactly_the_corrupted_block_and_a_reconnect_repairs_it()
    {
        var c = Quiet(41);
        Assert.True(SimScenario.Identical(c));
        c.B.Disk.Corrupt(77);
        Assert.False(SimScenario.Identical(c));
        Assert.True(c.A.Command((core, t) => core.Verify(t)).Ok);
        Assert.True(c.S.RunUntil(() => c.InSync, TimeSpan.FromSeconds(5)));
        Assert.Equal(4096, c.A.Core!.LastVerifyOutOfSync);
        Assert.Equal(4096, c.B.Core!.LastVerifyOutOfSync);
        Assert.Equal(4096, c.A.Core!.OutOfSyncBytes);
        c.A.Command((core, t) => core.Disconnect(t));
        c.A.Command((core, t) => core.Connect(false, t));
        Assert.True(c.WaitInSync(TimeSpan.FromSeconds(5)));
        Assert.True(SimScenario.Identical(c));
        Assert.Equal(4096, c.B.Core!.LastResyncTransferredBytes);
    }
}
