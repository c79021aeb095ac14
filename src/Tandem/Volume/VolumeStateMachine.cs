namespace Tandem.Volume;

/// <summary>
/// The single place where a volume's state changes. Pure: no I/O, no clock. Every (state, input)
/// pair is either a transition or a refusal with a reason an operator can act on.
/// </summary>
public static class VolumeStateMachine
{
    public static Transition Apply(VolumeState s, VolumeInput input, string volume) => input switch
    {
        VolumeInput.Attached a => Attach(s, a),
        VolumeInput.Detach => Detach(s, volume),
        VolumeInput.Promote p => Promote(s, p, volume),
        VolumeInput.Demote d => Demote(s, d, volume),
        VolumeInput.DiskFailed => DiskFailed(s),
        VolumeInput.DiskChanged d => DiskChanged(s, d),
        VolumeInput.ConnectionChanged c => ConnectionChanged(s, c),
        VolumeInput.Suspend x => Suspend(s, x),
        VolumeInput.PeerChanged p => s.Up ? Transition.To(s, s with { PeerRole = p.Role, PeerDisk = p.Disk })
                                          : throw new InvalidOperationException("peer state while down"),
        _ => throw new InvalidOperationException($"unhandled volume input {input.GetType().Name} in state {s}"),
    };

    static Transition Attach(VolumeState s, VolumeInput.Attached a)
    {
        if (s.Up)
            throw new InvalidOperationException("Attached while already up");
        // Without a peer, a consistent disk that was UpToDate when last seen is only Consistent (DRBD):
        // nobody can tell whether the peer went on writing. A lone node has no peer to ask, so a disk
        // that was UpToDate stays UpToDate here; replication refines this once a peer is configured.
        // With a peer configured, a disk that was UpToDate is only Consistent until the peer confirms it.
        var disk = !a.Consistent ? DiskState.Inconsistent
            : !a.HasPeer ? (a.WasUpToDate ? DiskState.UpToDate : DiskState.Consistent)
            : a.WasUpToDate ? (a.PeerOutdated ? DiskState.UpToDate : DiskState.Consistent) : DiskState.Outdated;
        return Transition.To(s, s with
        {
            Up = true, Disk = disk, Role = Role.Secondary,
            Connection = a.HasPeer ? ConnectionState.Connecting : ConnectionState.StandAlone,
        });
    }

    static Transition Detach(VolumeState s, string volume)
    {
        if (!s.Up)
            return Transition.To(s, s);
        if (s.Role == Role.Primary)
            return Transition.Refuse(s, $"{volume} is Primary; demote it first: tandem volume secondary {volume}");
        return Transition.To(s, VolumeState.Down);
    }

    static Transition Promote(VolumeState s, VolumeInput.Promote p, string volume)
    {
        if (!s.Up)
            return Transition.Refuse(s, $"{volume} is down; bring it up first: tandem volume up {volume}");
        if (s.Role == Role.Primary)
            return Transition.To(s, s);
        if (s.PeerRole == Role.Primary)
            return Transition.Refuse(s, $"the peer is Primary for {volume}; demote it there first (tandem volume secondary {volume} on the peer) — only one Primary is allowed");
        if (s.Disk == DiskState.Diskless)
            return Transition.Refuse(s, $"{volume} has no local disk and no peer to serve it");
        if (s.Disk == DiskState.Outdated && !p.Force)
            return Transition.Refuse(s, $"{volume}'s data is Outdated: the peer went on without it; promote the peer or use --force if the peer is lost for good (tandem volume primary {volume} --force)");
        if (s.Disk != DiskState.UpToDate && !p.Force)
            return Transition.Refuse(s, $"local data of {volume} is {s.Disk}, not UpToDate; if this is a new volume or you accept this node's data as the newest, run: tandem volume primary {volume} --force");
        return Transition.To(s, s with { Role = Role.Primary, Disk = DiskState.UpToDate });
    }

    static Transition Demote(VolumeState s, VolumeInput.Demote d, string volume)
    {
        if (!s.Up || s.Role == Role.Secondary)
            return Transition.To(s, s);
        if (s.Suspended == Suspension.Fencing)
            return Transition.Refuse(s, $"{volume} holds new writes while it fences its peer (I/O suspended: fencing); they go on once the peer confirms its copy is Outdated, heartbeat declares it dead, or the replication link returns; bring the peer back, then retry");
        if (d.Holder is not null)
            return Transition.Refuse(s, $"/dev/tandem/{volume} is held open by {d.Holder}; unmount it or stop that process, then retry");
        return Transition.To(s, s with { Role = Role.Secondary });
    }

    static Transition DiskChanged(VolumeState s, VolumeInput.DiskChanged d)
    {
        if (!s.Up)
            throw new InvalidOperationException($"disk state {d.Disk} while down");
        if (d.Disk == DiskState.UpToDate && s.Disk == DiskState.Diskless)
            throw new InvalidOperationException("a Diskless replica cannot become UpToDate without attaching");
        return Transition.To(s, s with { Disk = d.Disk });
    }

    static Transition ConnectionChanged(VolumeState s, VolumeInput.ConnectionChanged c)
    {
        if (!s.Up)
            throw new InvalidOperationException($"connection state {c.Connection} while down");
        // Syncing and verifying only start from an established connection.
        bool fromEstablished = s.Connection is ConnectionState.Connected or ConnectionState.WFBitMapS or ConnectionState.WFBitMapT
            or ConnectionState.SyncSource or ConnectionState.SyncTarget or ConnectionState.VerifyS or ConnectionState.VerifyT
            or ConnectionState.WFReportParams;
        if (c.Connection is ConnectionState.SyncSource or ConnectionState.SyncTarget or ConnectionState.VerifyS or ConnectionState.VerifyT
            && !fromEstablished)
            throw new InvalidOperationException($"{c.Connection} from {s.Connection}");
        var next = s with { Connection = c.Connection };
        if (c.Connection is ConnectionState.StandAlone or ConnectionState.Connecting)
            next = next with { PeerRole = Role.Unknown, PeerDisk = DiskState.DUnknown };
        return Transition.To(s, next);
    }

    static Transition Suspend(VolumeState s, VolumeInput.Suspend x)
    {
        if (!s.Up)
            throw new InvalidOperationException($"suspension {x.Why} while down");
        if (x.Why != Suspension.None && s.Role != Role.Primary)
            throw new InvalidOperationException($"I/O suspended ({x.Why}) on a {s.Role}");
        return Transition.To(s, s with { Suspended = x.Why });
    }

    static Transition DiskFailed(VolumeState s)
    {
        if (!s.Up || s.Disk == DiskState.Diskless)
            return Transition.To(s, s);
        return Transition.To(s, s with { Disk = DiskState.Failed });
    }
}
