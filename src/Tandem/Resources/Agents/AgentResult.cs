namespace Tandem.Resources.Agents;

public enum AgentOutcome
{
    /// <summary>The action succeeded; for a monitor, the resource is running and healthy.</summary>
    Ok,

    /// <summary>The resource is not running (a monitor's answer; a stop treats it as success).</summary>
    NotRunning,

    /// <summary>The action failed, or the monitor found the resource unhealthy.</summary>
    Failed,

    /// <summary>The action did not finish within its timeout (a hung service is a failed one).</summary>
    TimedOut,
}

/// <summary>The outcome of a start, stop or monitor, with a one-line reason when it is not <see cref="AgentOutcome.Ok"/>.</summary>
public readonly record struct AgentResult(AgentOutcome Outcome, string Reason)
{
    public static readonly AgentResult Ok = new(AgentOutcome.Ok, "");

    public static AgentResult NotRunning(string reason = "not running") => new(AgentOutcome.NotRunning, reason);

    public static AgentResult Failed(string reason) => new(AgentOutcome.Failed, reason);

    public static AgentResult TimedOut(string reason) => new(AgentOutcome.TimedOut, reason);

    public bool IsOk => Outcome == AgentOutcome.Ok;

    public override string ToString() => Reason.Length == 0 ? Outcome.ToString() : $"{Outcome}: {Reason}";
}
