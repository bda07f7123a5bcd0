import { useEffect, useRef } from 'react';
import type { JsonObject } from '../../decoders/core/json';
import type { TextRange } from './json-path-locator';
import { jsonDefaults, monaco } from './monaco-setup';

export interface EditorProblem {
  range: TextRange;
  message: string;
}

export interface MonacoJsonEditorProps {
  value: string;
  onChange(value: string): void;
  /** The JSON Schema the text is validated and completed against. */
  schema: JsonObject | null;
  /** A problem found outside the editor (the encoder's), shown as a squiggle. */
  problem: EditorProblem | null;
}

const MODEL_URI = monaco.Uri.parse('peerscope://composer/message.json');
const SCHEMA_URI = 'peerscope://composer/message.schema.json';
const PROBLEM_OWNER = 'peerscope-encoder';

const darkScheme = () => matchMedia('(prefers-color-scheme: dark)').matches;

/** Monaco editing one JSON message, validated and completed against the message's schema. */
export default function MonacoJsonEditor({ value, onChange, schema, problem }: MonacoJsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const model = monaco.editor.getModel(MODEL_URI) ?? monaco.editor.createModel(value, 'json', MODEL_URI);
    const instance = monaco.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: 2,
      theme: darkScheme() ? 'vs-dark' : 'vs',
      fixedOverflowWidgets: true,
    });
    editor.current = instance;
    const listener = model.onDidChangeContent(() => changed.current(model.getValue()));
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const retheme = () => monaco.editor.setTheme(darkScheme() ? 'vs-dark' : 'vs');
    scheme.addEventListener('change', retheme);
    return () => {
      scheme.removeEventListener('change', retheme);
      listener.dispose();
      instance.dispose();
      model.dispose();
      editor.current = null;
    };
    // The editor is made once; value, schema and problems are pushed into it by the effects below.
  }, []);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (model && model.getValue() !== value) model.setValue(value);
  }, [value]);

  useEffect(() => {
    jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      enableSchemaRequest: false,
      schemas: schema ? [{ uri: SCHEMA_URI, fileMatch: [MODEL_URI.toString()], schema }] : [],
    });
  }, [schema]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    const markers = problem ? [problemMarker(model, problem)] : [];
    monaco.editor.setModelMarkers(model, PROBLEM_OWNER, markers);
    if (problem) editor.current?.revealPositionInCenterIfOutsideViewport(model.getPositionAt(problem.range.start));
  }, [problem, value]);

  return <div ref={host} className="monaco-host" data-testid="composer-editor" />;
}

function problemMarker(model: monaco.editor.ITextModel, problem: EditorProblem): monaco.editor.IMarkerData {
  const start = model.getPositionAt(problem.range.start);
  const end = model.getPositionAt(Math.max(problem.range.end, problem.range.start + 1));
  return {
    severity: monaco.MarkerSeverity.Error,
    message: problem.message,
    startLineNumber: start.lineNumber,
    startColumn: start.column,
    endLineNumber: end.lineNumber,
    endColumn: end.column,
  };
}
