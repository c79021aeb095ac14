namespace Tandem.Resources.Agents.MySql;

public enum MySqlAgentStatus
{
    /// <summary>The action succeeded; for a monitor, the server answered.</summary>
    Ok,

    /// <summary>No server process (clean stop, crash, kill -9).</summary>
    NotRunning,

    /// <summary>The server is there but wrong: refused our login, failed the query, exited during start.</summary>
    Failed,

    /// <summary>The server did not answer in time (hung, SIGSTOPped, overloaded).</summary>
    TimedOut,
}

/// <summary>The outcome of a start, stop or monitor, with a one-line reason when it is not <see cref="MySqlAgentStatus.Ok"/>.</summary>
public readonly record struct MySqlAgentResult(MySqlAgentStatus Status, string Reason)
{
    public static readonly MySqlAgentResult Ok = new(MySqlAgentStatus.Ok, "");

    public static MySqlAgentResult NotRunning(string reason) => new(MySqlAgentStatus.NotRunning, reason);

    public static MySqlAgentResult Failed(string reason) => new(MySqlAgentStatus.Failed, reason);

    public static MySqlAgentResult TimedOut(string reason) => new(MySqlAgentStatus.TimedOut, reason);

    public bool IsOk => Status == MySqlAgentStatus.Ok;

    public override string ToString() => Reason.Length == 0 ? Status.ToString() : $"{Status}: {Reason}";
}
