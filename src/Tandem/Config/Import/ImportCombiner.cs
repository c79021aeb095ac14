namespace Tandem.Config.Import;

/// <summary>
/// Combines what was read from ha.cf, authkeys, haresources, drbd.conf and /etc/hosts into one
/// <see cref="ImportDraft"/>: cluster timing, the two nodes and their heartbeat endpoints, volumes, groups and the
/// instructions for the key. Contradictions between files are errors; what cannot be carried is a warning.
/// </summary>
public sealed partial class ImportCombiner
{
    readonly ImportInputs inputs;
    readonly ImportDiagnostics diag;
    readonly ImportDraft draft = new();

    /// <summary>DRBD device path (/dev/drbd0, /dev/drbd/by-res/r0) → resource name.</summary>
    readonly Dictionary<string, string> devices = new(StringComparer.Ordinal);

    /// <summary>For each resource, the node each of its host sections names.</summary>
    readonly Dictionary<DrbdHost, string> hostNodes = [];

    ImportCombiner(ImportInputs inputs, ImportDiagnostics diag)
    {
        this.inputs = inputs;
        this.diag = diag;
    }

    public static ImportDraft Combine(ImportInputs inputs, ImportDiagnostics diag)
    {
        var c = new ImportCombiner(inputs, diag);
        c.Cluster();
        c.Nodes();
        diag.ThrowIfErrors();
        c.Volumes();
        c.Heartbeat();
        c.Groups();
        c.Key();
        diag.ThrowIfErrors();
        return c.draft;
    }

    /// <summary>Node names in the order they appear, matched case-insensitively.</summary>
    void AddNode(string name, SourceLine at, string source)
    {
        if (draft.Nodes.ContainsKey(name))
            return;
        if (!ImportNames.IsValid(name))
        {
            diag.Error(at, $"node name \"{name}\" cannot be used; {ImportNames.Rule}");
            return;
        }
        if (draft.Nodes.Count >= Defaults.MaxNodes)
        {
            diag.Error(at, $"{source} names a third node, {name} (already {draft.NodeList}); Tandem is a two-node cluster");
            return;
        }
        draft.Nodes.Add(name, new DraftNode { Name = name, At = at });
    }

    void Nodes()
    {
        foreach (var cf in inputs.HaCfs)
            foreach (var n in cf.Nodes)
                AddNode(n.Value, n.At, "node");
        var fromHaCf = draft.Nodes.Count > 0;
        foreach (var r in inputs.Drbd.Resources)
            foreach (var h in r.Hosts.Where(h => !h.Floating))
            {
                if (fromHaCf && !draft.Nodes.ContainsKey(h.Name))
                    diag.Error(h.At, $"on {h.Name}: not a node of ha.cf ({draft.NodeList}); DRBD and Heartbeat must name the nodes alike (uname -n)");
                else
                    AddNode(h.Name, h.At, $"resource {r.Name}");
            }
        foreach (var g in inputs.HaResources)
        {
            if (fromHaCf && !draft.Nodes.ContainsKey(g.Node))
                diag.Error(g.At, $"node {g.Node} is not a node of ha.cf ({draft.NodeList})");
            else
                AddNode(g.Node, g.At, "haresources");
        }
        foreach (var r in inputs.Drbd.Resources)
            foreach (var h in r.Hosts)
                if (h.Floating)
                    hostNodes[h] = FloatingNode(r, h) ?? "";
                else if (draft.Nodes.TryGetValue(h.Name, out var node))
                    hostNodes[h] = node.Name;
    }

    /// <summary>The node a <c>floating ADDRESS</c> section belongs to: by /etc/hosts, by another resource's address, or as the only node left.</summary>
    string? FloatingNode(DrbdResource r, DrbdHost h)
    {
        var byAddress = OwnerOf(h.AddressHost!);
        if (byAddress is not null)
            return byAddress;
        var other = r.Hosts.FirstOrDefault(x => x != h);
        var otherNode = other is null ? null : other.Floating ? OwnerOf(other.AddressHost!) : other.Name;
        if (otherNode is not null && draft.Nodes.Count == 2)
            return draft.Nodes.Keys.First(n => !n.Equals(otherNode, StringComparison.OrdinalIgnoreCase));
        diag.Error(h.At, $"floating {h.AddressHost}: cannot tell which node has this address; give /etc/hosts to the import too, or write on NODE {{ address ...; }}");
        return null;
    }

    /// <summary>The node owning an address: a node's name itself, /etc/hosts, or a DRBD on-section with that IP.</summary>
    string? OwnerOf(string host)
    {
        if (draft.Nodes.TryGetValue(host, out var named))
            return named.Name;
        foreach (var e in inputs.Hosts.Where(e => e.Address == host))
            foreach (var name in e.Names)
                if (draft.Nodes.TryGetValue(name, out var n) || draft.Nodes.TryGetValue(name.Split('.')[0], out n))
                    return n.Name;
        foreach (var r in inputs.Drbd.Resources)
            foreach (var h in r.Hosts.Where(h => !h.Floating && h.AddressHost == host))
                if (draft.Nodes.TryGetValue(h.Name, out var n))
                    return n.Name;
        return null;
    }
}
