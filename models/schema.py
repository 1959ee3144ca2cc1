"""Every table of the application, in dependency order."""
from __future__ import annotations

from models.archive import ArchiveSeal, ArchiveSequence, SealDictionary
from models.audit import AuditChange, AuditEvent
from models.catalog import Category, Department, Location, Remedy, RiskKeyword, ScriptPrompt
from models.complaint import (
    Attachment,
    CompensationLine,
    Complaint,
    ExternalCase,
    FollowUp,
    ImprovementAction,
    Proposal,
    Signature,
)
from models.customer import Customer
from models.settings import Setting
from models.staff import Handover, Staff, StaffRemedy

ALL_MODELS = [
    Setting,
    Department,
    Location,
    Category,
    Remedy,
    ScriptPrompt,
    RiskKeyword,
    Staff,
    StaffRemedy,
    Handover,
    Customer,
    Signature,
    Complaint,
    Proposal,
    CompensationLine,
    Attachment,
    FollowUp,
    ExternalCase,
    ImprovementAction,
    AuditChange,
    AuditEvent,
    SealDictionary,
    ArchiveSeal,
    ArchiveSequence,
]
