using System.Text.RegularExpressions;

namespace Tandem.Lab;

/// <summary>
/// Names of one lab run. Everything the lab creates on the machine carries the prefix <see cref="Prefix"/> and the
/// run's id: namespaces <c>tdlab-ID-a</c>, <c>-b</c>, <c>-c</c> (client), <c>-br</c> (bridges) and the directory
/// <c>ROOT/tdlab-ID</c>. Nothing else on the machine is ever touched by name.
/// </summary>
public sealed partial record LabNames(string Id, string Root)
{
    public const string Prefix = "tdlab-";

    public static string DefaultRoot => Environment.GetEnvironmentVariable("TANDEM_LAB_ROOT") is { Length: > 0 } r ? r : "/tmp";

    /// <summary>A fresh id: 8 hex digits, so two runs (and two tests) never share a name.</summary>
    public static LabNames New(string? root = null, Random? random = null)
    {
        var id = (random ?? Random.Shared).Next(0x10000000, int.MaxValue).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        return new LabNames(id, root ?? DefaultRoot);
    }

    public string Tag => Prefix + Id;
    public string Dir => Path.Combine(Root, Tag);
    public string BridgeNamespace => $"{Tag}-br";
    public string ClientNamespace => $"{Tag}-c";
    public string NodeNamespace(LabNodeId node) => $"{Tag}-{node.Letter}";

    public IReadOnlyList<string> AllNamespaces => [NodeNamespace(LabNodeId.A), NodeNamespace(LabNodeId.B), ClientNamespace, BridgeNamespace];

    /// <summary>The lab id in a name the lab made (a namespace or a directory), or null for any other name.</summary>
    public static string? IdOf(string name)
    {
        var m = LabName().Match(name);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^tdlab-([0-9a-f]{8})(-(a|b|c|br))?$")]
    private static partial Regex LabName();
}

/// <summary>One of the two lab nodes.</summary>
public sealed record LabNodeId(char Letter, int Index)
{
    public static readonly LabNodeId A = new('a', 0);
    public static readonly LabNodeId B = new('b', 1);
    public static IReadOnlyList<LabNodeId> Both => [A, B];

    /// <summary>The node's name in the cluster config.</summary>
    public string Name => $"node-{Letter}";

    public LabNodeId Peer => this == A ? B : A;

    /// <summary>The <c>server_id</c> of the node's MariaDB, which the workload records with every commit.</summary>
    public int ServerId => Index + 1;

    public static LabNodeId? FromServerId(int? id) => id == A.ServerId ? A : id == B.ServerId ? B : null;

    public static LabNodeId FromName(string name) =>
        name == A.Name ? A : name == B.Name ? B : throw new ArgumentException($"\"{name}\" is not a lab node; the nodes are {A.Name} and {B.Name}");

    public override string ToString() => Name;
}
