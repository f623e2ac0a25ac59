/** See collect.mjs: one full collection on the next turn once the heap has grown by `garbageMb` MB since the last. */
export declare function collectGarbageSoon(garbageMb: number): void;
