namespace Tandem.Config.Import;

/// <summary>The option sections (net, disk, syncer, startup, handlers, options) of common and resource.</summary>
public sealed partial class DrbdReader
{
    /// <summary>The <c>common</c> section: options every resource starts from.</summary>
    DrbdOptions Options(DrbdStatement common, DrbdOptions o, string where)
    {
        foreach (var p in common.Block ?? [])
            o = p.Keyword == "protocol" && p.Block is null ? o with { Protocol = Protocol(p) ?? o.Protocol } : Section(p, o, where);
        return o;
    }

    DrbdOptions Section(DrbdStatement s, DrbdOptions o, string where = "resource")
    {
        if (s.Block is null)
        {
            diag.Warn(s.At, $"{s}: no Tandem equivalent in a {where} section; not imported");
            return o;
        }
        foreach (var p in s.Block)
        {
            o = (s.Keyword, p.Keyword) switch
            {
                ("net", "protocol") => o with { Protocol = Protocol(p) ?? o.Protocol },
                ("net", "shared-secret") => SharedSecret(p, o),
                ("net", "cram-hmac-alg") => Note(p, o, "Tandem always authenticates peers with HMAC-SHA256 and the cluster key (auth_key_file)"),
                ("net", "allow-two-primaries") => Note(p, o, "Tandem allows one Primary at a time"),
                ("net", "after-sb-0pri") => o with { AfterSb0Pri = AfterSb(p, ConfigNames.AfterSb0.Select(e => e.Name)) ?? o.AfterSb0Pri },
                ("net", "after-sb-1pri") => o with { AfterSb1Pri = AfterSb(p, ConfigNames.AfterSb1.Select(e => e.Name)) ?? o.AfterSb1Pri },
                ("net", "after-sb-2pri") => o with { AfterSb2Pri = AfterSb(p, ConfigNames.AfterSb2.Select(e => e.Name)) ?? o.AfterSb2Pri },
                ("net", "csums-alg" or "verify-alg") or ("syncer", "csums-alg" or "verify-alg") =>
                    Note(p, o, "Tandem's checksum resync and online verify use their own checksum"),
                ("disk", "on-io-error") => o with { OnIoError = OnIoError(p) ?? o.OnIoError },
                ("disk", "resync-rate") or ("syncer", "rate") => o with { ResyncRate = Rate(p) ?? o.ResyncRate },
                ("disk", "size") => o with { Size = Size(p) ?? o.Size },
                ("disk" or "net", "fencing") => o with { Fencing = Fencing(p) ?? o.Fencing },
                ("startup", "become-primary-on") => Note(p, o, "the group's preferred node ([[groups]] preferred) decides where the volume is Primary"),
                ("startup", _) => Note(p, o, "Tandem's daemon does not wait at boot; the heartbeat's initdead covers a slow peer"),
                ("handlers", "fence-peer" or "unfence-peer" or "after-resync-target") =>
                    Note(p, o, "handlers are not run; with fencing = \"resource-only\" Tandem asks the peer over heartbeat to outdate its copy itself"),
                ("handlers", "split-brain" or "pri-lost-after-sb" or "out-of-sync") =>
                    Note(p, o, "handlers are not run; Tandem reports split brain and failovers through its notifications"),
                ("handlers", _) => Note(p, o, "handlers are not run"),
                ("net" or "disk" or "syncer" or "options", _) => Note(p, o, "no Tandem equivalent (Tandem tunes this itself)"),
                _ => Unknown(s, p, o),
            };
        }
        return o;
    }

    DrbdOptions Note(DrbdStatement p, DrbdOptions o, string why)
    {
        diag.Warn(p.At, $"{p}: not imported; {why}");
        return o;
    }

    DrbdOptions Unknown(DrbdStatement section, DrbdStatement p, DrbdOptions o)
    {
        diag.Warn(p.At, $"{section.Keyword} {{ {p.Keyword} }}: unknown to the import; not imported");
        return o;
    }

    DrbdOptions SharedSecret(DrbdStatement p, DrbdOptions o)
    {
        if (p.Args.Count != 1 || p.Args[0].Text.Length == 0)
        {
            diag.Error(p.At, "shared-secret takes one value: shared-secret \"SECRET\";");
            return o;
        }
        return o with { SharedSecret = p.Args[0], SharedSecretAt = p.At };
    }

    Sourced<string>? OnIoError(DrbdStatement p)
    {
        switch (p.ArgText)
        {
            case "detach":
                return new Sourced<string>("detach", p.At);
            case "pass_on":
                return new Sourced<string>("pass_on", p.At);
            case "call-local-io-error":
                diag.Warn(p.At, "on-io-error call-local-io-error: Tandem runs no handler; imported as detach (keep serving from the peer)");
                return new Sourced<string>("detach", p.At);
            default:
                diag.Error(p.At, $"on-io-error \"{p.ArgText}\" is not detach, pass_on or call-local-io-error");
                return null;
        }
    }

    /// <summary>A split-brain policy Tandem knows, or disconnect (with a warning) for the ones it does not.</summary>
    Sourced<string>? Fencing(DrbdStatement p)
    {
        switch (p.ArgText)
        {
            case "dont-care" or "resource-only":
                return new Sourced<string>(p.ArgText, p.At);
            case "resource-and-stonith":
                diag.Warn(p.At, "fencing resource-and-stonith: Tandem has no STONITH; imported as resource-only (a Primary that loses the link holds writes until the peer is Outdated, dead, or connected again)");
                return new Sourced<string>("resource-only", p.At);
            default:
                diag.Error(p.At, $"fencing \"{p.ArgText}\" is not dont-care, resource-only or resource-and-stonith");
                return null;
        }
    }

    Sourced<string>? AfterSb(DrbdStatement p, IEnumerable<string> known)
    {
        var value = p.ArgText;
        if (known.Contains(value))
            return new Sourced<string>(value, p.At);
        if (value is "violently-as0p" or "call-pri-lost-after-sb" or "discard-local" or "discard-remote" or "discard-secondary" or "consensus"
            || value.StartsWith("discard-node-", StringComparison.Ordinal) || value is "discard-younger-primary" or "discard-older-primary"
            or "discard-zero-changes" or "discard-least-changes")
        {
            diag.Warn(p.At, $"{p.Keyword} {value}: not supported by Tandem here; imported as disconnect (recover by hand with tandem volume connect --discard-my-data)");
            return new Sourced<string>("disconnect", p.At);
        }
        diag.Error(p.At, $"{p.Keyword} \"{value}\" is not a split-brain policy");
        return null;
    }
}
