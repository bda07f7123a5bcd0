import type { Severity } from '../../decoders/core/notes';

const TITLES: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Note' };

/** The severity of a note as a small drawn icon (no font or image needed): ✕ in red, ! in amber, i in blue. */
export function SeverityIcon({ severity, title }: { severity: Severity; title?: string }) {
  return (
    <svg
      className={`severity-icon sev-${severity}`}
      viewBox="0 0 12 12"
      width="12"
      height="12"
      role="img"
      aria-label={title ?? TITLES[severity]}
      data-severity={severity}
    >
      <title>{title ?? TITLES[severity]}</title>
      {severity === 'warning' ? (
        <>
          <path d="M6 0.8 L11.5 11 H0.5 Z" fill="currentColor" />
          <path d="M6 4 V7.4 M6 8.8 V9.6" stroke="var(--bg)" strokeWidth="1.4" strokeLinecap="round" />
        </>
      ) : (
        <>
          <circle cx="6" cy="6" r="5.6" fill="currentColor" />
          {severity === 'error' ? (
            <path d="M3.8 3.8 L8.2 8.2 M8.2 3.8 L3.8 8.2" stroke="var(--bg)" strokeWidth="1.5" strokeLinecap="round" />
          ) : (
            <path d="M6 5.2 V8.8 M6 3.2 V3.4" stroke="var(--bg)" strokeWidth="1.5" strokeLinecap="round" />
          )}
        </>
      )}
    </svg>
  );
}
