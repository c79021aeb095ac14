namespace Tandem.Volume;

/// <summary>Outcome of one input: the new state (possibly unchanged for an idempotent command) or a refusal.</summary>
public readonly record struct Transition(VolumeState State, string? Refusal, bool Changed)
{
    public bool Refused => Refusal is not null;

    public static Transition To(VolumeState from, VolumeState to) => new(to, null, !from.Equals(to));

    public static Transition Refuse(VolumeState state, string reason) => new(state, reason, false);
}
