using System.Text;

namespace Tandem.Config.Import;

/// <summary>
/// The cluster key. Tandem keeps it in auth_key_file (mode 0600), never in the config, so the import prints the
/// commands that copy it there from authkeys or from DRBD's shared-secret, without printing the secret itself.
/// </summary>
public sealed partial class ImportCombiner
{
    /// <summary>A secret and how to cut it out of its file: line and 1-based byte range (null range: cannot be cut).</summary>
    sealed record Secret(string Description, string Text, SourceLine At, (int First, int Last)? Bytes);

    void Key()
    {
        var drbd = inputs.Drbd.Resources.Where(r => r.Options.SharedSecret is not null)
            .Select(r => new Secret($"the shared-secret of resource {r.Name}", r.Options.SharedSecret!.Text, r.Options.SharedSecretAt, DrbdBytes(r.Options.SharedSecret)))
            .DistinctBy(s => s.Text).ToList();
        foreach (var other in drbd.Skip(1))
            diag.Warn(other.At, $"{other.Description} differs from {drbd[0].Description}; Tandem has one cluster key, and the import uses the first");
        Secret? chosen = null;
        if (inputs.AuthKeys.FirstOrDefault()?.Active is { } hb)
        {
            foreach (var more in inputs.AuthKeys.Skip(1).Where(a => a.Active.Secret != hb.Secret || a.Active.Method != hb.Method))
                diag.Warn(more.Active.At, $"differs from the key at {hb.At}; the import uses that one");
            if (hb.Secret is null)
                diag.Warn(hb.At, $"key {hb.Index} is crc, a checksum and not authentication: anyone on the network could forge heartbeats; Tandem needs a real key{(drbd.Count > 0 ? ", and the import uses DRBD's shared-secret" : "; the output says how to make one")}");
            else
            {
                chosen = new Secret($"key {hb.Index} ({hb.Method}) of authkeys", hb.Secret, hb.At, hb.SecretBytes);
                if (drbd.Count > 0 && drbd[0].Text != hb.Secret)
                    diag.Warn(drbd[0].At, $"{drbd[0].Description} differs from the authkeys key; Tandem uses one key for heartbeat and replication, and the import uses the authkeys one");
            }
        }
        chosen ??= drbd.FirstOrDefault();
        KeyInstructions(chosen);
    }

    void KeyInstructions(Secret? secret)
    {
        var key = Defaults.AuthKeyFile;
        var nodes = draft.Nodes.Keys.ToList();
        var here = nodes.Count > 0 ? nodes[0] : "one node";
        var h = draft.Header;
        h.Add($"The cluster key is not copied into this file: Tandem reads it from auth_key_file ({key}),");
        h.Add("which must be mode 0600 and the same on both nodes.");
        if (secret is null)
        {
            h.Add($"The files given hold no usable key; make a new one on {here}:");
            h.Add($"  install -d /etc/tandem && (umask 077 && head -c 32 /dev/urandom | base64 > {key}) && chmod 0600 {key}");
        }
        else if (secret.Bytes is { } b)
        {
            h.Add($"Write it on {here} from {secret.Description} ({secret.At}):");
            h.Add($"  install -d /etc/tandem && (umask 077 && sed -n '{secret.At.Line}p' {Shell(secret.At.File)} | cut -b {b.First}-{b.Last} | tr -d '\\n' > {key}) && chmod 0600 {key}");
            diag.Warn(secret.At, $"{secret.Description} is not copied into the output; write it to {key} (mode 0600) on both nodes with the commands at the top of the output");
            if (Encoding.UTF8.GetByteCount(secret.Text) < 16)
                diag.Warn(secret.At, $"{secret.Description} is only {secret.Text.Length} characters; a random key is safer: (umask 077 && head -c 32 /dev/urandom | base64 > {key})");
        }
        else
        {
            h.Add($"Copy {secret.Description} ({secret.At}) by hand into {key} on {here}, as the bytes it stands for (it has escapes):");
            h.Add($"  install -d /etc/tandem && (umask 077 && touch {key}) && chmod 0600 {key} && $EDITOR {key}");
            diag.Warn(secret.At, $"{secret.Description} is not copied into the output; write it to {key} (mode 0600) on both nodes as the output says");
        }
        if (nodes.Count == 2)
            h.Add($"Then copy it to {nodes[1]}:  ssh {nodes[1]} install -d /etc/tandem && scp -p {key} {nodes[1]}:{key}");
    }

    static (int, int)? DrbdBytes(DrbdToken t) =>
        t.HasEscapes ? null : (t.ByteColumn + 1, t.ByteColumn + Encoding.UTF8.GetByteCount(t.Text));

    /// <summary>A path quoted for sh when it needs it.</summary>
    static string Shell(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+') ? path : "'" + path.Replace("'", "'\\''") + "'";
}
