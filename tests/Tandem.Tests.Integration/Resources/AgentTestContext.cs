using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Resources.Agents;
using Tandem.Resources.Processes;

namespace Tandem.Tests.Integration.Resources;

static class AgentTestContext
{
    public static AgentContext For(string node, IReadOnlyList<string>? prefix = null, string group = "g") =>
        new(node, group, new ProcessRunner(prefix), TimeProvider.System, NullLogger.Instance);

    public static async Task<AgentResult> Run(IResourceAgent agent, AgentAction action, int seconds = 60) =>
        await AgentInvoker.InvokeAsync(agent, action, TimeSpan.FromSeconds(seconds), TimeProvider.System, CancellationToken.None);

    /// <summary>Waits for a condition with a generous bound; a wait that runs out fails the test.</summary>
    public static async Task Until(Func<bool> condition, string what, int seconds = 20)
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < end, $"gave up waiting for {what}");
            await Task.Delay(100);
        }
    }
}
