using Tandem.Tests.Simulation.Sim;

namespace Tandem.Tests.Simulation;

/// <summary>
/// Thousands of seeded schedules of two replicas with crashes, cuts, partitions, split brains, slow
/// disks and silent corruption. Set TANDEM_SIM_SEEDS to run more (or fewer) seeds; a failing seed
/// prints its trace and becomes a named regression test below.
/// </summary>
public class ReplicationSimulationTests
{
    static int SeedCount => int.TryParse(Environment.GetEnvironmentVariable("TANDEM_SIM_SEEDS"), out int n) ? n : 500;

    [Fact]
    public void Seeded_schedules_keep_every_invariant()
    {
        var failures = new List<string>();
        for (int seed = 1; seed <= SeedCount && failures.Count < 3; seed++)
        {
            try
            {
                SimScenario.Run(seed);
            }
            catch (Exception e)
            {
                failures.Add($"seed {seed}: {e}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
