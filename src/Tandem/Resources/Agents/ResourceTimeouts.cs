namespace Tandem.Resources.Agents;

/// <summary>How long each action of a resource may take.</summary>
public sealed record ResourceTimeouts(TimeSpan Start, TimeSpan Stop, TimeSpan Monitor)
{
    public TimeSpan For(AgentAction action) => action switch
    {
        AgentAction.Start => Start,
        AgentAction.Stop => Stop,
        AgentAction.Monitor => Monitor,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
