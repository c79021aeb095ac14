using Tandem.Resources.Agents.Filesystem;
using Tandem.Resources.Agents.IpAddress;
using Tandem.Resources.Agents.Ocf;
using Tandem.Resources.Agents.Script;
using Tandem.Resources.Agents.Systemd;
using Tandem.Resources.Agents.Volume;
using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents;

/// <summary>Makes the agent of each resource spec. What the daemon does not provide becomes an <see cref="UnavailableAgent"/>.</summary>
public sealed class AgentFactory
{
    /// <summary>The volume runtime, for <c>volume::RES</c>.</summary>
    public IVolumeRoles? Volumes { get; init; }

    /// <summary>Makes the agent of a <c>mysql::</c> resource.</summary>
    public Func<MySqlSpec, AgentContext, IResourceAgent>? MySql { get; init; }

    public ScriptLocator Scripts { get; init; } = ScriptLocator.Default;

    public string OcfRoot { get; init; } = OcfAgent.DefaultRoot;

    public int ArpCount { get; init; } = IpAddressAgent.DefaultArpCount;

    /// <summary>The agents of a group's resources, in order.</summary>
    public IReadOnlyList<IResourceAgent> CreateAll(IReadOnlyList<ResourceSpec> specs, AgentContext context) =>
        [.. specs.Select(s => Create(s, context, OcfInstance(specs, s, context.Group)))];

    public IResourceAgent Create(ResourceSpec spec, AgentContext context, string ocfInstance) => spec switch
    {
        IpAddressSpec ip => new IpAddressAgent(ip, context, ArpCount),
        FilesystemSpec fs => new FilesystemAgent(fs, context),
        VolumeSpec v => Volumes is null ? new UnavailableAgent(spec, $"volume {v.Volume} is not managed by this daemon") : new VolumeAgent(v, Volumes),
        MySqlSpec m => MySql is null ? new UnavailableAgent(spec, "the MySQL agent is not available in this daemon") : MySql(m, context),
        OcfSpec o => new OcfAgent(o, context, ocfInstance, OcfRoot),
        SystemdSpec s => new SystemdAgent(s, context),
        ScriptSpec s => new ScriptAgent(s, context, Scripts),
        _ => throw new ArgumentException($"no agent for {spec.GetType().Name}"),
    };

    /// <summary>OCF_RESOURCE_INSTANCE: GROUP_TYPE, numbered when a group has the same type twice.</summary>
    static string OcfInstance(IReadOnlyList<ResourceSpec> specs, ResourceSpec spec, string group)
    {
        if (spec is not OcfSpec o)
            return "";
        var same = specs.OfType<OcfSpec>().Where(x => x.Type == o.Type).ToList();
        return same.Count == 1 ? $"{group}_{o.Type}" : $"{group}_{o.Type}_{same.IndexOf(o) + 1}";
    }
}
