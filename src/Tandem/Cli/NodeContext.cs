using Tandem.Config;

namespace Tandem.Cli;

/// <summary>The config file and this node's name, resolved from --config/--node, the environment and the host name.</summary>
public sealed record NodeContext(TandemConfig Config, string Node)
{
    public static NodeContext Load(ParsedArgs p)
    {
        var config = ConfigLoader.Load(ConfigLocator.Resolve(p.Value("--config")));
        return new NodeContext(config, NodeIdentity.Resolve(config, p.Value("--node")));
    }

    public string ControlSocket => Config.Nodes[Node].ControlSocket;

    public VolumeOptions Volume(string name) =>
        Config.Volumes.TryGetValue(name, out var v) ? v
        : throw new CommandFailedException($"no volume '{name}' in {Config.SourcePath} (volumes: {string.Join(", ", Config.Volumes.Keys)})");
}
