using Tandem.Tests.Simulation.Sim;

namespace Tandem.Tests.Simulation;

/// <summary>Runs the one seed named by TANDEM_SIM_SEED (for investigating a failure); does nothing otherwise.</summary>
public class SingleSeedTests
{
    [Fact]
    public void Seed_from_environment()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("TANDEM_SIM_SEED"), out int seed))
            return;
        try
        {
            SimScenario.Run(seed);
        }
        catch (SimulationFailure e)
        {
            File.WriteAllText($"/tmp/sim-seed-{seed}.txt", e.Message);
            throw;
        }
    }
}
