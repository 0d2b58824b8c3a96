using System;

namespace Serverless.Annotations;

/// <summary>
/// Memory and timeout each unit of a <see cref="SplitableAttribute"/> method needs, e.g.
/// <c>[ResourceConstraint(MemoryMb = 1024, TimeoutSeconds = 60)]</c>. Setting a value out of range throws.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ResourceConstraintAttribute : Attribute
{
    /// <summary>Smallest allowed <see cref="MemoryMb"/>.</summary>
    public const int MinMemoryMb = 128;

    /// <summary>Largest allowed <see cref="MemoryMb"/>.</summary>
    public const int MaxMemoryMb = 32768;

    /// <summary>Smallest allowed <see cref="TimeoutSeconds"/>.</summary>
    public const int MinTimeoutSeconds = 1;

    /// <summary>Largest allowed <see cref="TimeoutSeconds"/>.</summary>
    public const int MaxTimeoutSeconds = 3600;

    /// <summary><see cref="MemoryMb"/> when not set.</summary>
    public const int DefaultMemoryMb = 512;

    /// <summary><see cref="TimeoutSeconds"/> when not set.</summary>
    public const int DefaultTimeoutSeconds = 300;

    private int _memoryMb = DefaultMemoryMb;
    private int _timeoutSeconds = DefaultTimeoutSeconds;

    /// <summary>Memory of each unit in MB, 128–32768 (default 512).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 128–32768.</exception>
    public int MemoryMb
    {
        get => _memoryMb;
        set
        {
            if (value < MinMemoryMb || value > MaxMemoryMb)
            {
                throw new ArgumentOutOfRangeException(nameof(MemoryMb), value, $"ResourceConstraint.MemoryMb must be between {MinMemoryMb} and {MaxMemoryMb} MB.");
            }

            _memoryMb = value;
        }
    }

    /// <summary>Timeout of each unit in seconds, 1–3600 (default 300).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1–3600.</exception>
    public int TimeoutSeconds
    {
        get => _timeoutSeconds;
        set
        {
            if (value < MinTimeoutSeconds || value > MaxTimeoutSeconds)
            {
                throw new ArgumentOutOfRangeException(nameof(TimeoutSeconds), value, $"ResourceConstraint.TimeoutSeconds must be between {MinTimeoutSeconds} and {MaxTimeoutSeconds} s.");
            }

            _timeoutSeconds = value;
        }
    }
}
