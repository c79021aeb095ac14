namespace Tandem.Config.Import;

/// <summary>[volumes.RES] from drbd.conf resources, and the DRBD device → volume map used by the groups.</summary>
public sealed partial class ImportCombiner
{
    void Volumes()
    {
        foreach (var r in inputs.Drbd.Resources)
        {
            var o = r.Options;
            var v = new DraftVolume
            {
                Name = r.Name,
                At = r.At,
                Protocol = Note(o.Protocol),
                Size = Note(o.Size),
                ResyncRate = Note(o.ResyncRate),
                OnIoError = Note(o.OnIoError),
                AfterSb0Pri = Note(o.AfterSb0Pri),
                AfterSb1Pri = Note(o.AfterSb1Pri),
                AfterSb2Pri = Note(o.AfterSb2Pri),
                Fencing = Note(o.Fencing),
            };
            if (o.Protocol is null)
                v.Protocol = new Noted<string>("C", "DRBD's default protocol");
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in r.Hosts)
            {
                if (!hostNodes.TryGetValue(h, out var node) || node.Length == 0 || h.Disk is null || h.Address is null)
                    continue;
                if (!used.Add(node))
                {
                    diag.Error(h.At, $"resource {r.Name} names node {node} twice; its two sections must be the two nodes");
                    continue;
                }
                var meta = h.MetaDisk ?? new Sourced<string>(VolumeNodeOptions.InternalMetaDisk, h.At);
                v.On.Add(new DraftVolumeNode(node,
                    new Noted<string>(h.Disk.Value, h.Disk.At.ToString()),
                    new Noted<string>(meta.Value, h.MetaDisk is null ? "no meta-disk given; internal" : meta.At.ToString()),
                    new Noted<string>(h.Address.Value, h.Address.At.ToString()),
                    Defaults.NbdSocket(r.Name)));
                if (h.Device is not null)
                    devices.TryAdd(h.Device.Value, r.Name);
            }
            devices.TryAdd($"/dev/drbd/by-res/{r.Name}", r.Name);
            devices.TryAdd($"/dev/drbd/by-res/{r.Name}/0", r.Name);
            draft.Volumes.Add(v);
        }
    }

    static Noted<T>? Note<T>(Sourced<T>? s) => s is null ? null : new Noted<T>(s.Value, s.At.ToString());
}
