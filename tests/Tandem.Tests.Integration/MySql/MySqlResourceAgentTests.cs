using Tandem.Resources.Agents;
using Tandem.Resources.Agents.MySql;
using Tandem.Resources.Processes;
using Tandem.Resources.Specs;

namespace Tandem.Tests.Integration.MySql;

/// <summary>The MySQL agent as the group manager drives it: built by the factory, run through <see cref="AgentInvoker"/>.</summary>
public sealed class MySqlResourceAgentTests : IDisposable
{
    readonly MariaDbInstance db = MariaDbInstance.Create();
    readonly ListLogger log = new();

    public void Dispose() => db.Dispose();

    IResourceAgent Agent(string extra)
    {
        var spec = ResourceSpecParser.Parse($"mysql::{db.CnfPath}{extra}");
        var factory = new AgentFactory { MySql = (m, context) => new MySqlResourceAgent(m, context) };
        var context = new AgentContext("test-node", "mysql", new ProcessRunner(), TimeProvider.System, log);
        return Assert.Single(factory.CreateAll([spec], context));
    }

    static Task<AgentResult> Run(IResourceAgent agent, AgentAction action) =>
        AgentInvoker.InvokeAsync(agent, action, agent.Timeouts!.For(action), TimeProvider.System, CancellationToken.None);

    [Fact]
    public async Task Started_monitored_frozen_killed_restarted_and_stopped_through_the_invoker()
    {
        var agent = Agent("::monitor_timeout=2s::heartbeat=on");
        Assert.IsType<MySqlResourceAgent>(agent);
        Assert.Equal(TimeSpan.FromSeconds(7), agent.Timeouts!.Monitor);
        try
        {
            Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
            Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Start));
            Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Monitor));

            var pid = db.RequirePid();
            MySqlProcess.Signal(pid, 19); // SIGSTOP: a hung server
            var hung = await Run(agent, AgentAction.Monitor);
            Assert.Equal(AgentOutcome.TimedOut, hung.Outcome);
            Assert.Contains("stopped by a signal", hung.Reason);

            MySqlProcess.Signal(pid, MySqlProcess.SigKill);
            for (var i = 0; i < 200 && MySqlProcess.IsAlive(pid); i++)
                await Task.Delay(50);
            Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);

            Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Start));
            Assert.NotEqual(pid, db.RequirePid());
            Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Monitor));
        }
        finally
        {
            Assert.Equal(AgentResult.Ok, await Run(agent, AgentAction.Stop));
        }
        Assert.Equal(AgentOutcome.NotRunning, (await Run(agent, AgentAction.Monitor)).Outcome);
    }
}
