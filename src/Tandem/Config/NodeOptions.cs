namespace Tandem.Config;

/// <summary><c>[nodes.NAME]</c>: one machine of the cluster.</summary>
public sealed record NodeOptions
{
    /// <summary>The node's name; matched against <c>--node</c>, <c>TANDEM_NODE</c> or the host name.</summary>
    public required string Name { get; init; }

    /// <summary>This node's heartbeat endpoints, "host:port", one per link.</summary>
    public IReadOnlyList<string> Heartbeat { get; init; } = [];

    public string ControlSocket { get; init; } = Defaults.ControlSocket;
}
