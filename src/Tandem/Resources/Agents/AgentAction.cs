namespace Tandem.Resources.Agents;

/// <summary>The three operations every resource agent has.</summary>
public enum AgentAction
{
    Start,
    Stop,
    Monitor,
}
