using Tandem.Config;
using Tandem.Tests.Simulation.Sim;
using Tandem.Volume;

namespace Tandem.Tests.Simulation;

/// <summary>
/// after_sb_0pri = discard-younger-primary / discard-older-primary on the simulator: the Primary goes on alone behind a
/// partition, the Secondary is promoted too, both write, both are demoted, the partition heals. The policy alone picks
/// the copy that survives, and afterwards both disks hold exactly that copy.
/// </summary>
public class SplitBrainPolicyScenarioTests
{
    [Theory]
    [InlineData(AfterSb0Pri.DiscardYoungerPrimary, 5)]
    [InlineData(AfterSb0Pri.DiscardYoungerPrimary, 17)]
    [InlineData(AfterSb0Pri.DiscardOlderPrimary, 5)]
    [InlineData(AfterSb0Pri.DiscardOlderPrimary, 17)]
    public void The_policy_picks_the_survivor_and_the_copies_converge_on_it(AfterSb0Pri policy, int seed)
    {
        var c = new SimCluster(seed, sb0: policy);
        c.Bootstrap();
        c.S.RunFor(TimeSpan.FromMilliseconds(200));
        var older = c.A; // Primary when the partition starts
        var younger = c.B;

        c.Net.Partition();
        c.Heartbeat.Partition();
        c.Expect(c.S.RunUntil(() => younger.State.Connection == ConnectionState.Connecting && c.Heartbeat.SeesDead(younger)
            && c.Heartbeat.SeesDead(older), TimeSpan.FromSeconds(2)), "both sides notice the partition");
        c.Expect(younger.Command((core, t) => core.Promote(false, t)).Ok, $"{younger.Name} promoted during the partition");
        for (int i = 0; i < 5; i++)
        {
            c.Workload.WriteOnce(younger);
            c.S.RunFor(c.S.Ms(1, 20));
        }
        c.S.RunFor(TimeSpan.FromMilliseconds(200)); // the old Primary's application goes on writing alone

        c.Workload.Running = false;
        c.Expect(c.S.RunUntil(() => c.Workload.Outstanding == 0, TimeSpan.FromSeconds(2)), "application writes drain");
        c.S.RunFor(TimeSpan.FromMilliseconds(50));
        c.Expect(older.Command((core, t) => core.Demote(null, t)).Ok, $"demote {older.Name}");
        c.Expect(younger.Command((core, t) => core.Demote(null, t)).Ok, $"demote {younger.Name}");
        Assert.True(older.Core!.Flags.HasFlag(Metadata.MetadataFlags.LostPeerAsPrimary));
        Assert.False(younger.Core!.Flags.HasFlag(Metadata.MetadataFlags.LostPeerAsPrimary));
        Assert.False(SimScenario.Identical(c));

        var survivor = policy == AfterSb0Pri.DiscardYoungerPrimary ? older : younger;
        survivor.Disk.FlushAll();
        byte[] kept = survivor.Disk.Read(0, (int)survivor.Disk.Size);

        c.Heartbeat.Heal();
        c.Net.Heal();
        c.Expect(c.WaitInSync(TimeSpan.FromSeconds(30)), "the split brain is resolved by the policy and the victim resynced");
        Assert.False(older.Core!.SplitBrain || younger.Core!.SplitBrain);
        Assert.True(SimScenario.Identical(c), SimScenario.FirstDifference(c));
        Assert.True(kept.AsSpan().SequenceEqual(survivor.Disk.Read(0, (int)survivor.Disk.Size)), $"{survivor.Name} kept its data");
        Assert.False(older.Core.Flags.HasFlag(Metadata.MetadataFlags.LostPeerAsPrimary) || younger.Core.Flags.HasFlag(Metadata.MetadataFlags.LostPeerAsPrimary));
    }
}
