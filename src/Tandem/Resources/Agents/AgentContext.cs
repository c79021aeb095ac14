using Microsoft.Extensions.Logging;
using Tandem.Resources.Processes;

namespace Tandem.Resources.Agents;

/// <summary>What every agent of a group is given: where it runs, how it runs programs, the clock and a logger.</summary>
public sealed record AgentContext(string Node, string Group, IProcessRunner Runner, TimeProvider Time, ILogger Log)
{
    /// <summary>Set for every program an agent runs (CONTRACT.md).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["TANDEM_NODE"] = Node,
        ["TANDEM_GROUP"] = Group,
    };

    /// <summary>A command with <see cref="Environment"/> and <paramref name="extra"/> variables.</summary>
    public ProcessCommand Command(string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(Environment);
        if (extra is not null)
            foreach (var (k, v) in extra)
                env[k] = v;
        return new ProcessCommand(file, args) { Environment = env };
    }

    public Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct) =>
        Runner.RunAsync(Command(file, args), ct);
}
