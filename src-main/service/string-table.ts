/** Interned strings: a column stores a small id, the table the text once. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  intern(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }

  text(id: number): string {
    return this.texts[id]!;
  }

  get size(): number {
    return this.texts.length;
  }
}
